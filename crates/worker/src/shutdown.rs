//! Asking the worker to stop, and waiting for that request.

use tokio::sync::watch;

/// The side that asks for a shutdown.
#[derive(Debug)]
pub struct ShutdownTrigger(watch::Sender<bool>);

/// The side that waits for it; cheap to clone.
#[derive(Debug, Clone)]
pub struct Shutdown(watch::Receiver<bool>);

/// A new trigger and its waiters.
pub fn shutdown_pair() -> (ShutdownTrigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (ShutdownTrigger(sender), Shutdown(receiver))
}

impl ShutdownTrigger {
    /// Asks every waiter to stop.
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }
}

impl Shutdown {
    /// Whether a shutdown was asked for.
    pub fn is_requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes once a shutdown is asked for (or the trigger is gone).
    pub async fn requested(&mut self) {
        // An error means the trigger was dropped: nobody can ask any more.
        let _ = self.0.wait_for(|asked| *asked).await;
    }

    /// Sleeps for `duration`; true if a shutdown came first.
    pub async fn sleep(&mut self, duration: std::time::Duration) -> bool {
        tokio::select! {
            () = tokio::time::sleep(duration) => self.is_requested(),
            () = self.requested() => true,
        }
    }
}
