//! The real terminal: raw mode and the alternate screen, restored on every way out
//! (a normal quit, an error, a panic: `ratatui::try_init` installs a panic hook that
//! restores the terminal before the panic message prints), and the event loop.

use super::app::{App, Msg};
use super::{keys, view};
use ratatui::crossterm::event::{self, Event};
use std::io;
use std::time::{Duration, Instant};

/// Restores the terminal when dropped, whatever path leaves the loop.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Frames per second the loop aims for; the engine runs in bounded chunks between them.
const FRAME: Duration = Duration::from_millis(50);

/// Runs `app` on this terminal until it quits.
pub fn run(app: &mut App) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    let mut last = Instant::now();
    while !app.quit {
        terminal.draw(|f| view::render(f, app))?;
        let wait = FRAME.saturating_sub(last.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(k) => keys::handle(app, k),
                // A resize needs only the next frame, drawn at the new size.
                Event::Resize(_, _) => {}
                _ => {}
            }
        }
        let now = Instant::now();
        app.update(Msg::Tick(now - last));
        last = now;
    }
    Ok(())
}
