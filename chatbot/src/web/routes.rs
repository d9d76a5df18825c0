//! The routing table: which path is which page or endpoint, and the refusals every other
//! request gets.
//!
//! The pages are files under `web/assets/`, compiled into the binary with `include_str!`, so
//! `cargo run -p chatbot` serves them with no build step and nothing to install beside it.
//! Edit a file there and rebuild to see the change.

use super::head::Request;
use super::response::{self, Status};

/// A file the server sends as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// Its `Content-Type`.
    pub(crate) content_type: &'static str,
    /// Its bytes.
    pub(crate) body: &'static str,
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// Every page, by path.
const PAGES: &[(&str, Page)] = &[
    ("/", page(HTML, include_str!("assets/chat.html"))),
    ("/loop", page(HTML, include_str!("assets/loop.html"))),
    ("/style.css", page(CSS, include_str!("assets/style.css"))),
    ("/chat.js", page(JS, include_str!("assets/chat.js"))),
    ("/loop.js", page(JS, include_str!("assets/loop.js"))),
];

/// The WebSocket that carries chat lines.
pub(crate) const CHAT_PATH: &str = "/chat";

/// The Server-Sent Events stream of the loop's figures.
pub(crate) const EVENTS_PATH: &str = "/loop/events";

const fn page(content_type: &'static str, body: &'static str) -> Page {
    Page { content_type, body }
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// A page (`GET` or `HEAD`).
    Page(Page),
    /// The chat WebSocket: the handshake decides the rest.
    Chat,
    /// The loop's event stream.
    LoopEvents,
    /// An error answer, then the connection closes.
    Refuse(Status),
}

/// Where `request` goes. Methods are checked before paths only for known paths, so an
/// unknown path is a 404 whatever the method.
pub(crate) fn route(request: &Request) -> Route {
    let known = request.path == CHAT_PATH
        || request.path == EVENTS_PATH
        || PAGES.iter().any(|(path, _)| *path == request.path);
    if !known {
        return Route::Refuse(response::NOT_FOUND);
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Route::Refuse(response::METHOD_NOT_ALLOWED);
    }
    if request.has_body {
        return Route::Refuse(response::BAD_REQUEST);
    }
    match request.path.as_str() {
        CHAT_PATH => Route::Chat,
        EVENTS_PATH => Route::LoopEvents,
        path => {
            let (_, page) = PAGES.iter().find(|(p, _)| *p == path).expect("known path");
            Route::Page(*page)
        }
    }
}
