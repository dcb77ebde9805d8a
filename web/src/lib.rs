//! The podlife playground: a Yew app that calls the core and draws what it returns.
//! No domain logic lives here (see the README's design rules).

pub mod components;
pub mod examples;
pub mod state;

use components::{editor::Editor, summary::Summary};
use state::{DocAction, DocState};
use yew::prelude::*;

/// Properties of the root component; tests pass their own starting text.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The document shown first.
    #[prop_or_else(|| AttrValue::Static(examples::DEFAULT.text))]
    pub initial_text: AttrValue,
}

/// The whole page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial = props.initial_text.clone();
    let doc = use_reducer(move || DocState::new(&initial));
    let on_edit = {
        let doc = doc.dispatcher();
        Callback::from(move |text: String| doc.dispatch(DocAction::Edit(text)))
    };
    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{"podlife"}</h1>
                <span class="tagline">{"Pod Lifecycle Playground"}</span>
                <span class="version" title="podlife version">{concat!("v", env!("CARGO_PKG_VERSION"))}</span>
            </header>
            <main class="workspace">
                <Editor text={doc.text.clone()} diagnostics={doc.diagnostics.clone()} on_edit={on_edit} />
                <Summary doc={(*doc).clone()} />
            </main>
        </div>
    }
}

/// Mounts the app on the page's `#app` element (replacing the loading notice).
pub fn start() {
    let Some(root) = gloo_root() else { return };
    root.set_inner_html("");
    let props = AppProps { initial_text: AttrValue::Static(examples::DEFAULT.text) };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}

fn gloo_root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("app")
}
