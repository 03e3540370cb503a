// The portal is started just before Playwright: wait until it answers.
export default async function globalSetup() {
  const base = `http://${process.env.LEPTOS_SITE_ADDR ?? "127.0.0.1:3000"}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/sign-in`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the portal did not answer at ${base} within two minutes`);
}
