//! `WebApp`: a server of the API and the pages over a fresh store, with the
//! demo organisation, and a browser-like client that keeps its cookies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use guichet_domain::role::Role;
use guichet_fixtures::organisation::Organisation;
use guichet_service::{Context, User};
use guichet_store::testing::TestStore;

pub use crate::server::LIMIT;
use crate::server::{PASSWORD, Served, limited, person, serve};

/// A running server.
pub struct WebApp {
    pub base: String,
    pub ctx: Context,
    pub org: Organisation,
    pub db: TestStore,
    _served: Served,
}

impl WebApp {
    /// Serves the API and the pages over `db`.
    pub async fn on(db: TestStore) -> Self {
        Self::with_clock(db, Arc::new(guichet_domain::clock::SystemClock)).await
    }

    /// Serves the API and the pages over `db`, reading time from `clock`.
    pub async fn with_clock(db: TestStore, clock: Arc<dyn guichet_domain::clock::Clock>) -> Self {
        let ctx = limited(Context::new(db.store.clone(), clock));
        let served = serve(&ctx).await;
        Self {
            base: served.base.clone(),
            ctx,
            org: served.org.clone(),
            db,
            _served: served,
        }
    }

    /// A new account with `role` and the password `password-123`.
    pub async fn person(&self, name: &str, role: Role) -> User {
        person(&self.ctx, name, name, role).await
    }

    /// A browser with no cookies yet.
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Arc::default(),
        }
    }

    /// A browser signed in as `user`.
    pub async fn signed_in(&self, user: &User) -> Browser {
        let browser = self.browser();
        browser.sign_in(&user.email, PASSWORD).await;
        browser
    }
}

/// An answer: status, where it redirects, and its body.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: StatusCode) -> &str {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        &self.body
    }

    /// The value of the hidden input `name`.
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in {}", self.body))
            + marker.len();
        let end = start + self.body[start..].find('"').unwrap();
        self.body[start..end].to_owned()
    }
}

/// A client that keeps cookies and does not follow redirects.
pub struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: Arc<Mutex<HashMap<String, String>>>,
}

impl Browser {
    fn cookie_header(&self) -> String {
        let cookies = self.cookies.lock().unwrap();
        cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn page(&self, response: reqwest::Response) -> Page {
        let mut cookies = self.cookies.lock().unwrap().clone();
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                cookies.remove(name);
            } else {
                cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        *self.cookies.lock().unwrap() = cookies;
        let status = response.status();
        let location = response.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_owned());
        Page {
            status,
            location,
            body: response.text().await.unwrap(),
        }
    }

    /// GET `path`, with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.page(request.send().await.unwrap()).await
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// POST a urlencoded form to `path`, with extra headers.
    pub async fn post_with(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.page(request.send().await.unwrap()).await
    }

    /// POST a urlencoded form to `path`, as a browser on our own page does.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        self.post_with(path, form, &[("sec-fetch-site", "same-origin")]).await
    }

    /// POST a multipart form to `path`.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .multipart(form);
        self.page(request.send().await.unwrap()).await
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        let form = self.get("/sign-in").await;
        let csrf = form.hidden("csrf");
        self.post(
            "/sign-in",
            &[("csrf", &csrf), ("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// Whether the browser holds cookie `name`.
    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.lock().unwrap().contains_key(name)
    }

    /// Forgets cookie `name`, as an expired one is forgotten.
    pub fn drop_cookie(&self, name: &str) {
        self.cookies.lock().unwrap().remove(name);
    }
}

/// The submit form's fields, with a subject and a description.
pub fn ticket_form(csrf: &str, submission: &str, subject: &str, description: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("submission", submission.to_owned())
        .text("subject", subject.to_owned())
        .text("description", description.to_owned())
        .text("priority", "less urgent")
        .text("visibility", "public")
        .text("notification_mode", "on solution")
}
