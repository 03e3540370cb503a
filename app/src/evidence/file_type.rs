//! Which uploads are accepted. The decision is made from the file's first bytes, never
//! from its name or the browser's content type, both of which the uploader controls: a
//! renamed executable still starts like an executable.

use thiserror::Error;

/// Files may be at most this size (20 MB, as GOV.UK services count it: binary megabytes).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// How much of a file `sniff` needs. A PDF or an image is known from its first few bytes,
/// but a DOCX or XLSX is a ZIP whose kind shows only in the names of its first entries,
/// which may sit a few kilobytes in.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The kinds of file a provider may upload as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Png,
        FileKind::Jpeg,
    ];

    /// The content type a download is served with, whatever the uploaded name said.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    /// The extension a download is named with, so that it opens in the right program.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }

    /// How the kind is named to people, e.g. beside a download link.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Docx => "Word document (DOCX)",
            FileKind::Xlsx => "Excel spreadsheet (XLSX)",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
        }
    }

    fn from_mime(mime: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.mime() == mime)
    }
}

/// Why a file was refused, worded as the GOV.UK file upload component's error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FileProblem {
    #[error("The selected file is empty")]
    Empty,
    #[error("The selected file must be smaller than 20 MB")]
    TooLarge,
    #[error(
        "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), PNG or JPEG"
    )]
    NotAllowed,
}

/// Checks a declared or counted length before anything is stored, so that an oversized
/// upload can be refused while it streams in.
pub fn check_size(len: u64) -> Result<(), FileProblem> {
    match len {
        0 => Err(FileProblem::Empty),
        n if n > MAX_BYTES => Err(FileProblem::TooLarge),
        _ => Ok(()),
    }
}

/// Decides a file's kind from its first bytes (up to `SNIFF_BYTES` of them).
pub fn sniff(first_bytes: &[u8]) -> Result<FileKind, FileProblem> {
    if first_bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    let inferred = infer::get(first_bytes).and_then(|t| FileKind::from_mime(t.mime_type()));
    match inferred {
        Some(kind) => Ok(kind),
        // infer reads an Office file's kind from its third and fourth ZIP entries only, so
        // a genuine document written in another entry order would be refused as a ZIP.
        None if first_bytes.starts_with(ZIP_ENTRY) => {
            office_kind_from_entries(first_bytes).ok_or(FileProblem::NotAllowed)
        }
        None => Err(FileProblem::NotAllowed),
    }
}

const ZIP_ENTRY: &[u8] = b"PK\x03\x04";

/// An Office Open XML package has a `[Content_Types].xml` entry and its main part:
/// `word/document.xml` for Word, `xl/workbook.xml` for Excel. A plain ZIP has neither,
/// and one claiming both is not something Office writes.
fn office_kind_from_entries(zip: &[u8]) -> Option<FileKind> {
    let names = zip_entry_names(zip);
    let has = |wanted: &[u8]| names.contains(&wanted);
    if !has(b"[Content_Types].xml") {
        return None;
    }
    match (has(b"word/document.xml"), has(b"xl/workbook.xml")) {
        (true, false) => Some(FileKind::Docx),
        (false, true) => Some(FileKind::Xlsx),
        _ => None,
    }
}

/// The names of the ZIP entries whose local headers lie within `zip`. Headers are found
/// by their signature rather than by skipping entry data, because an entry written with a
/// trailing data descriptor does not say how long it is.
fn zip_entry_names(zip: &[u8]) -> Vec<&[u8]> {
    const NAME_LEN_AT: usize = 26;
    const NAME_AT: usize = 30;
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(found) = zip
        .get(at..)
        .and_then(|rest| rest.windows(ZIP_ENTRY.len()).position(|w| w == ZIP_ENTRY))
    {
        let header = at + found;
        let name = zip
            .get(header + NAME_LEN_AT..header + NAME_AT)
            .map(|len| usize::from(u16::from_le_bytes([len[0], len[1]])))
            .and_then(|len| zip.get(header + NAME_AT..header + NAME_AT + len));
        if let Some(name) = name {
            names.push(name);
        }
        at = header + ZIP_ENTRY.len();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP of empty, stored entries: enough for sniffing, which reads only the headers.
    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut zip = Vec::new();
        for name in names {
            zip.extend_from_slice(ZIP_ENTRY);
            zip.extend_from_slice(&[20, 0, 0, 0, 0, 0]); // version, flags, stored
            zip.extend_from_slice(&[0; 4]); // time and date
            zip.extend_from_slice(&[0; 12]); // CRC, compressed and uncompressed size
            zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
            zip.extend_from_slice(&[0, 0]); // no extra field
            zip.extend_from_slice(name.as_bytes());
        }
        zip.extend_from_slice(b"PK\x05\x06"); // end of central directory
        zip.extend_from_slice(&[0; 18]);
        zip
    }

    fn word_document() -> Vec<u8> {
        zip_of(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/document.xml",
        ])
    }

    fn excel_workbook() -> Vec<u8> {
        zip_of(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/_rels/workbook.xml.rels",
            "xl/workbook.xml",
        ])
    }

    #[test]
    fn a_pdf_is_accepted() {
        let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        assert_eq!(sniff(pdf), Ok(FileKind::Pdf));
    }

    #[test]
    fn a_png_is_accepted() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        assert_eq!(sniff(png), Ok(FileKind::Png));
    }

    #[test]
    fn a_jpeg_is_accepted() {
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
        assert_eq!(sniff(jpeg), Ok(FileKind::Jpeg));
    }

    #[test]
    fn a_docx_is_accepted() {
        assert_eq!(sniff(&word_document()), Ok(FileKind::Docx));
    }

    #[test]
    fn a_docx_is_told_apart_from_an_xlsx() {
        assert_eq!(sniff(&excel_workbook()), Ok(FileKind::Xlsx));
        assert_ne!(sniff(&word_document()), sniff(&excel_workbook()));
    }

    #[test]
    fn an_office_file_in_another_entry_order_is_still_recognised() {
        let docx = zip_of(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
        ]);
        let xlsx = zip_of(&["[Content_Types].xml", "docProps/app.xml", "xl/workbook.xml"]);
        assert_eq!(sniff(&docx), Ok(FileKind::Docx));
        assert_eq!(sniff(&xlsx), Ok(FileKind::Xlsx));
    }

    #[test]
    fn a_plain_zip_is_refused() {
        let zip = zip_of(&["report.txt", "photos/", "photos/home.jpg", "notes.txt"]);
        assert_eq!(sniff(&zip), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn a_zip_merely_named_like_office_parts_without_content_types_is_refused() {
        let zip = zip_of(&["readme.txt", "docs/a.txt", "more/word/document.xml"]);
        assert_eq!(sniff(&zip), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn a_powerpoint_file_is_refused() {
        let pptx = zip_of(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "ppt/_rels/presentation.xml.rels",
            "ppt/presentation.xml",
        ]);
        assert_eq!(sniff(&pptx), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn a_renamed_executable_is_refused() {
        let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
        exe.resize(0x40, 0);
        exe[0x3C] = 0x40;
        exe.extend_from_slice(b"PE\0\0\x4C\x01");
        assert_eq!(sniff(&exe), Err(FileProblem::NotAllowed));
        let elf = b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
        assert_eq!(sniff(elf), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn an_html_file_is_refused() {
        let html = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>";
        assert_eq!(sniff(html), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(sniff(b""), Err(FileProblem::Empty));
        assert_eq!(check_size(0), Err(FileProblem::Empty));
    }

    #[test]
    fn a_truncated_office_file_is_refused_without_panicking() {
        let docx = word_document();
        for len in 1..docx.len() {
            let _ = sniff(&docx[..len]);
        }
        assert_eq!(sniff(&docx[..100]), Err(FileProblem::NotAllowed));
    }

    #[test]
    fn files_up_to_20_mb_are_accepted_and_larger_ones_refused() {
        assert_eq!(check_size(1), Ok(()));
        assert_eq!(check_size(MAX_BYTES), Ok(()));
        assert_eq!(check_size(MAX_BYTES + 1), Err(FileProblem::TooLarge));
        assert_eq!(MAX_BYTES, 20_971_520);
    }

    #[test]
    fn problems_read_as_the_gov_uk_upload_messages() {
        assert_eq!(
            FileProblem::NotAllowed.to_string(),
            "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), PNG or JPEG"
        );
        assert_eq!(
            FileProblem::TooLarge.to_string(),
            "The selected file must be smaller than 20 MB"
        );
        assert_eq!(FileProblem::Empty.to_string(), "The selected file is empty");
    }

    #[test]
    fn each_kind_has_its_own_type_and_extension() {
        assert_eq!(FileKind::Docx.extension(), "docx");
        assert_eq!(
            FileKind::Xlsx.mime(),
            infer::get(&excel_workbook()).map_or("", |t| t.mime_type())
        );
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_mime(kind.mime()), Some(kind));
        }
    }
}
