//! The local terminal: raw mode, the alternate screen and bracketed paste, restored on
//! every way out (a normal quit, an error, a panic: `ratatui::try_init` installs a panic
//! hook that restores the terminal before the panic message prints), and the event loop
//! that turns terminal events into [`Msg`]s.

use super::app::App;
use super::input::Msg;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use std::io;
use std::time::{Duration, Instant};

/// Restores the terminal when dropped, whatever path leaves the loop.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

/// Frames per second the loop aims for; the engine runs in bounded chunks between them.
const FRAME: Duration = Duration::from_millis(50);

/// Runs `app` on this terminal until it quits.
pub fn run(app: &mut App) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // A paste arrives as one event of text, never as keys.
    execute!(io::stdout(), EnableBracketedPaste)?;
    let mut last = Instant::now();
    while !app.quit() {
        terminal.draw(|f| app.draw(f))?;
        let wait = FRAME.saturating_sub(last.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(k) => app.update(Msg::Key(k)),
                Event::Paste(text) => app.update(Msg::Paste(text)),
                // A resize needs only the next frame, drawn at the new size.
                _ => {}
            }
        }
        let now = Instant::now();
        app.update(Msg::Tick(now - last));
        last = now;
    }
    Ok(())
}
