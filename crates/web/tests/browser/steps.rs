//! What people do on every page: sign in and out through the forms, and
//! open a ticket with the "go to ticket" box.

use guichet_service::User;

use crate::browser::Browser;
use crate::server::PASSWORD;

impl Browser {
    /// Signs in as `user` with the sign-in link and form; lands on the
    /// page the form leads to (my tickets).
    pub async fn sign_in(&self, user: &User) {
        self.follow("header a[href='/sign-in']").await;
        self.sign_in_here(user).await;
    }

    /// Signs in as `user` with the sign-in form shown.
    pub async fn sign_in_here(&self, user: &User) {
        self.fill("#email", &user.email).await;
        self.fill("#password", PASSWORD).await;
        self.follow("form[action='/sign-in'] button[type=submit]").await;
        let who = self.text("header .who").await;
        assert!(
            who.contains(&user.name),
            "signed in as {}, the header says {who:?}",
            user.name
        );
    }

    /// Signs out with the header's button.
    pub async fn sign_out(&self) {
        self.follow("form[action='/sign-out'] button").await;
        assert!(!self.has("header .who").await, "signed out");
    }

    /// Opens ticket `number` by typing it in the "go to ticket" box.
    pub async fn go_to(&self, number: &str) {
        self.fill("#go-number", number).await;
        self.follow("form.go button").await;
    }
}
