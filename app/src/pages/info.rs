//! The accessibility statement and privacy notice every public-sector service publishes.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibility statement - OpenDPS" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <h1 class="heading-l">"Accessibility statement"</h1>
                <p class="body">"This statement applies to OpenDPS, run by the council named on your purchasing system."</p>
                <p class="body">"We want as many people as possible to be able to use this service. You should be able to:"</p>
                <ul class="list list--bullet">
                    <li>"change colours, contrast levels and fonts using your browser or device settings"</li>
                    <li>"zoom in up to 400% without the text spilling off the screen"</li>
                    <li>"navigate the whole service using just a keyboard"</li>
                    <li>"use every form with JavaScript turned off"</li>
                    <li>"listen to the service using a screen reader"</li>
                </ul>
                <h2 class="heading-m">"Compliance status"</h2>
                <p class="body">
                    "The service aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard. Every page is checked automatically with axe in our end-to-end tests."
                </p>
                <h2 class="heading-m">"Reporting accessibility problems"</h2>
                <p class="body">
                    "If you find a problem that is not listed on this page, or you need information in a different format, contact the procurement team of the council that runs the purchasing system."
                </p>
                <h2 class="heading-m">"Enforcement procedure"</h2>
                <p class="body">
                    "The Equality and Human Rights Commission is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service."
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy notice - OpenDPS" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <h1 class="heading-l">"Privacy notice"</h1>
                <p class="body">"The council that runs this purchasing system is the data controller for the personal data in it."</p>
                <h2 class="heading-m">"What we collect"</h2>
                <ul class="list list--bullet">
                    <li>"your name, email address and organisation, to give you an account"</li>
                    <li>"a record of what you do in the service (the audit log), to keep procurement accountable"</li>
                    <li>"the address your requests come from, to protect accounts from password guessing"</li>
                </ul>
                <h2 class="heading-m">"Cookies"</h2>
                <p class="body">
                    "We use one essential cookie to keep you signed in. It is deleted when you sign out or close your browser. We do not use analytics or advertising cookies."
                </p>
                <h2 class="heading-m">"Children's and adults' care data"</h2>
                <p class="body">
                    "This version of the service holds account details only: no details of the children or adults whose care is being bought."
                </p>
                <h2 class="heading-m">"Your rights"</h2>
                <p class="body">
                    "You can ask to see, correct or delete your personal data, subject to the council's duty to keep procurement records. Contact the council's data protection officer."
                </p>
            </div>
        </div>
    }
}
