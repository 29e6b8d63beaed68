//! `TestApp`: a real Guichet server on port 0 over a fresh store, with the
//! demo organisation and helpers to make users and call the API.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use guichet_api::{ApiConfig, AppState};
use guichet_domain::role::Role;
use guichet_fixtures::organisation::{Organisation, ensure_organisation};
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::auth::create_api_token;
use guichet_service::{Actor, Context, Limits};
use guichet_store::testing::TestStore;
use guichet_store::{Store, User};

/// The attachment limit of test servers, small so the limit is testable.
pub const TEST_MAX_ATTACHMENT: usize = 64 * 1024;

/// The context of test servers: the machine's clock, a small attachment limit.
pub fn context(store: Arc<dyn Store>) -> Context {
    Context::with_system_clock(store).with_limits(Limits {
        max_attachment_bytes: TEST_MAX_ATTACHMENT,
    })
}

/// A running server and what tests need around it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Arc<dyn Store>,
    /// The use cases' context the server runs with.
    pub ctx: Context,
    pub org: Organisation,
    /// The database, owned by the first node (dropped, it is removed).
    _db: Option<TestStore>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// A user with an API token.
pub struct Caller {
    pub user: User,
    pub token: String,
}

/// An API answer: status and JSON body (Null when empty or not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        self.body
    }

    /// Asserts an error answer with `status`, `code` and `field`.
    #[track_caller]
    pub fn expect_error(self, status: StatusCode, code: &str, field: Option<&str>) -> String {
        let body = self.expect(status);
        assert_eq!(body["error"], code, "{body}");
        assert_eq!(body["field"].as_str(), field, "{body}");
        body["message"].as_str().unwrap().to_owned()
    }
}

impl TestApp {
    /// Starts a server over `db`, with the organisation in place.
    pub async fn on(db: TestStore) -> Self {
        let store = db.store.clone();
        let org = ensure_organisation(&context(store.clone())).await.unwrap();
        Self::serve(store, org, Some(db)).await
    }

    /// Starts another server over the same PostgreSQL schema, with pools and
    /// a ticket writer of its own: a second node of one deployment.
    pub async fn another_node(&self) -> Self {
        let db = self._db.as_ref().expect("the first node owns the database");
        let schema = db.schema.as_deref().expect("several nodes share a PostgreSQL database");
        let store = guichet_store::connect_postgres_schema(&db.url, schema).await.unwrap();
        Self::serve(store, self.org.clone(), None).await
    }

    /// Starts a server over `db` whose use cases read time from `clock`,
    /// for tests that make working hours pass.
    pub async fn on_clock(db: TestStore, clock: Arc<dyn guichet_domain::clock::Clock>) -> Self {
        let store = db.store.clone();
        let org = ensure_organisation(&context(store.clone())).await.unwrap();
        let ctx = context(store.clone()).with_clock(clock);
        Self::serve_with(ctx, store, org, Some(db)).await
    }

    async fn serve(store: Arc<dyn Store>, org: Organisation, db: Option<TestStore>) -> Self {
        Self::serve_with(context(store.clone()), store, org, db).await
    }

    async fn serve_with(ctx: Context, store: Arc<dyn Store>, org: Organisation, db: Option<TestStore>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(ctx.clone(), ApiConfig::default());
        tokio::spawn(guichet_api::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Self {
            base,
            client: reqwest::Client::new(),
            store,
            ctx,
            org,
            _db: db,
            _shutdown: shutdown,
        }
    }

    /// A new user with `role` and a token.
    pub async fn caller(&self, name: &str, role: Role) -> Caller {
        let email = format!("{name}@example.org");
        let input = UserInput {
            email: email.clone(),
            name: name.into(),
            role: role.as_str().into(),
            password: Some("password-123".into()),
            dn: None,
        };
        let user = add_user(&self.ctx, &Actor::system("test"), input).await.unwrap();
        let token = create_api_token(&self.ctx, &email, None).await.unwrap();
        Caller { user, token }
    }

    /// Sends a request with `caller`'s token and an optional JSON body.
    pub async fn call(&self, caller: Option<&Caller>, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(caller) = caller {
            request = request.bearer_auth(&caller.token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    /// GET as `caller`.
    pub async fn get(&self, caller: &Caller, path: &str) -> Answer {
        self.call(Some(caller), Method::GET, path, None).await
    }

    /// POST as `caller`.
    pub async fn post(&self, caller: &Caller, path: &str, body: Value) -> Answer {
        self.call(Some(caller), Method::POST, path, Some(body)).await
    }

    /// PATCH as `caller`.
    pub async fn patch(&self, caller: &Caller, path: &str, body: Value) -> Answer {
        self.call(Some(caller), Method::PATCH, path, Some(body)).await
    }

    /// PUT as `caller`.
    pub async fn put(&self, caller: &Caller, path: &str, body: Value) -> Answer {
        self.call(Some(caller), Method::PUT, path, Some(body)).await
    }

    /// DELETE as `caller`.
    pub async fn delete(&self, caller: &Caller, path: &str) -> Answer {
        self.call(Some(caller), Method::DELETE, path, None).await
    }

    /// Opens a ticket as `caller` and returns its JSON.
    pub async fn open(&self, caller: &Caller, subject: &str) -> Value {
        self.post(
            caller,
            "/api/v1/tickets",
            json!({ "subject": subject, "description": "Something broke." }),
        )
        .await
        .expect(StatusCode::CREATED)
    }

    /// Opens a private ticket as `caller` and returns its JSON.
    pub async fn open_private(&self, caller: &Caller, subject: &str) -> Value {
        let body = json!({ "subject": subject, "description": "Something broke.", "visibility": "private" });
        self.post(caller, "/api/v1/tickets", body)
            .await
            .expect(StatusCode::CREATED)
    }

    /// PATCHes ticket `id` and expects success.
    pub async fn change(&self, caller: &Caller, id: &Value, body: Value) -> Value {
        self.patch(caller, &format!("/api/v1/tickets/{id}"), body)
            .await
            .expect(StatusCode::OK)
    }
}

/// `q` percent-encoded for a query string.
pub fn encoded(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
