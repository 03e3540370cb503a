//! The HTML shell, the routes and the Content-Security-Policy of every page.

use crate::accounts::{
    change_password::ChangePasswordPage,
    colleagues::ProviderDashboardPage,
    council_users::{CouncilDashboardPage, CouncilUserPage},
    invitation::AcceptInvitationPage,
    password_reset::{ForgottenPasswordPage, ResetLinkSentPage, ResetPasswordPage},
    sign_in::{SignInPage, SignedOutPage},
    sign_up::{CheckEmailPage, SignUpPage, VerifyEmailPage},
};
use crate::applications::pages::{
    check::CheckAnswersPage, evidence::EvidencePage, list::MyApplicationsPage, lots::LotsPage,
    organisation::OrganisationPage, section::SectionPage, task_list::ApplicationTaskListPage,
};
use crate::audit::log_page::AuditLogPage;
use crate::compliance::pages::{
    council::SystemCompliancePage, declaration::RenewalPageView, provider::ProviderCompliancePage,
};
use crate::components::layout::Layout;
use crate::council_settings::page::CouncilCalendarPage;
use crate::evidence::pages::library::EvidenceLibraryPage;
use crate::jobs::failures_page::FailedJobsPage;
use crate::pages::{
    home::{HomePage, NotFoundPage},
    info::{AccessibilityPage, PrivacyPage},
};
use crate::placements::pages::{
    council_list::CouncilRequestsPage,
    council_offer::CouncilOfferPage,
    council_request::CouncilRequestPage,
    limits::ApprovalLimitsPage,
    new_request::NewRequestPage,
    person::RequestPersonPage,
    placement::PlacementPage,
    placements_list::PlacementsListPage,
    provider::{ProviderRequestPage, ProviderRequestsPage},
    provider_placements::{ProviderPlacementPage, ProviderPlacementsPage},
    retention::PersonRetentionPage,
};
use crate::reviews::pages::{queue::ReviewQueuePage, review::ReviewPageView};
use crate::systems::pages::{
    details::{EditSystemPage, NewSystemPage},
    list::{CouncilSystemsPage, OpenSystemsPage},
    public::PublicSystemPage,
    questionnaire::QuestionnairePage,
    system::SystemPageView,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. Server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en" class="template">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b0c0c" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body class="template__body">
                <App />
            </body>
        </html>
    }
}

/// Scripts run only with this response's nonce (the hydration loader); everything else
/// must come from this origin. Pages cannot be framed.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="OpenDPS" />
        // Every page must work without JavaScript, so none streams out of order.
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up/check-email") view=CheckEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/signed-out") view=SignedOutPage ssr=SsrMode::Async />
                    <Route path=path!("/forgotten-password") view=ForgottenPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/forgotten-password/sent") view=ResetLinkSentPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/accept-invitation") view=AcceptInvitationPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/provider") view=ProviderDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications") view=MyApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id") view=ApplicationTaskListPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id/lots") view=LotsPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id/organisation") view=OrganisationPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id/sections/:section") view=SectionPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id/evidence") view=EvidencePage ssr=SsrMode::Async />
                    <Route path=path!("/provider/applications/:id/check") view=CheckAnswersPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/evidence") view=EvidenceLibraryPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/compliance") view=ProviderCompliancePage ssr=SsrMode::Async />
                    <Route path=path!("/provider/declarations/:id") view=RenewalPageView ssr=SsrMode::Async />
                    <Route path=path!("/council") view=CouncilDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/council/users/:id") view=CouncilUserPage ssr=SsrMode::Async />
                    <Route path=path!("/council/calendar") view=CouncilCalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/council/reviews") view=ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/council/reviews/:id") view=ReviewPageView ssr=SsrMode::Async />
                    <Route path=path!("/council/audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/council/failed-work") view=FailedJobsPage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems") view=CouncilSystemsPage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/new") view=NewSystemPage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/:id") view=SystemPageView ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/:id/edit") view=EditSystemPage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/:id/questionnaire") view=QuestionnairePage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/:id/compliance") view=SystemCompliancePage ssr=SsrMode::Async />
                    <Route path=path!("/council/systems/:id/new-request") view=NewRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/council/requests") view=CouncilRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/council/requests/:id") view=CouncilRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/council/requests/:id/person") view=RequestPersonPage ssr=SsrMode::Async />
                    <Route path=path!("/council/requests/:id/offers/:provider") view=CouncilOfferPage ssr=SsrMode::Async />
                    <Route path=path!("/council/placements") view=PlacementsListPage ssr=SsrMode::Async />
                    <Route path=path!("/council/placements/:id") view=PlacementPage ssr=SsrMode::Async />
                    <Route path=path!("/council/approval-limits") view=ApprovalLimitsPage ssr=SsrMode::Async />
                    <Route path=path!("/council/person-retention") view=PersonRetentionPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/requests") view=ProviderRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/requests/:id") view=ProviderRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/placements") view=ProviderPlacementsPage ssr=SsrMode::Async />
                    <Route path=path!("/provider/placements/:id") view=ProviderPlacementPage ssr=SsrMode::Async />
                    <Route path=path!("/systems") view=OpenSystemsPage ssr=SsrMode::Async />
                    <Route path=path!("/systems/:id") view=PublicSystemPage ssr=SsrMode::Async />
                    <Route path=path!("/accessibility") view=AccessibilityPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
