//! The SSH side: who may connect (a seat's public key, or a join code typed at
//! `join@host`), and what a connection may ask for — one session channel with a pty, a
//! shell, window changes and the language (`LANG`, `LC_ALL`, `LC_MESSAGES`). Everything
//! else (exec, subsystems, port and agent forwarding, X11, a second channel, passwords) is
//! refused, and every refusal is written to the server's log with the peer's address.

use super::conn::{self, Input};
use super::hub::{Holder, Hub};
use crate::present::Lang;
use crate::present::serve::{Event, Text, text};
use crate::scenario::seats::JOIN_USER;
use russh::keys::{HashAlg, PublicKey};
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Response, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, MethodKind, MethodSet, Pty};
use std::borrow::Cow;
use std::sync::Arc;
use tokio::sync::mpsc;

/// One connection's handler.
pub struct Connection {
    hub: Arc<Hub>,
    conn: u64,
    peer: String,
    /// The seat this connection proved it may take.
    seat: Option<String>,
    /// How (for the log).
    by: String,
    channel: Option<ChannelId>,
    size: Option<(u16, u16)>,
    lang: Option<Lang>,
    /// To the seat's task, once its shell started.
    input: Option<mpsc::Sender<Input>>,
    /// The seat taken (freed when the connection ends).
    holding: bool,
}

impl Connection {
    /// A handler for a connection from `peer`.
    pub fn new(hub: Arc<Hub>, peer: Option<std::net::SocketAddr>) -> Connection {
        let conn = hub.next_conn();
        Connection {
            hub,
            conn,
            peer: peer.map_or_else(|| "?".to_string(), |p| p.to_string()),
            seat: None,
            by: String::new(),
            channel: None,
            size: None,
            lang: None,
            input: None,
            holding: false,
        }
    }

    fn seat_name(&self) -> String {
        self.seat.clone().unwrap_or_else(|| "-".into())
    }

    fn refuse(&self, what: String) {
        self.hub.log(&Event::RefusedRequest {
            peer: self.peer.clone(),
            seat: self.seat_name(),
            what,
        });
    }

    fn methods() -> MethodSet {
        MethodSet::from(&[MethodKind::PublicKey, MethodKind::KeyboardInteractive][..])
    }

    fn reject() -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(Connection::methods()),
            partial_success: false,
        }
    }

    /// Whether `key` is one of seat `user`'s keys.
    fn key_admits(&self, user: &str, key: &PublicKey) -> bool {
        self.hub
            .seats()
            .by_name(user)
            .is_some_and(|s| s.keys.iter().any(|k| k.key_data() == key.key_data()))
    }

    /// Clamps a window size to the limits, logging a clamp.
    fn clamp(&self, cols: u32, rows: u32) -> (u16, u16) {
        let (mc, mr) = self.hub.limits().max_size;
        let used = (
            cols.clamp(1, mc as u32) as u16,
            rows.clamp(1, mr as u32) as u16,
        );
        if cols > mc as u32 || rows > mr as u32 {
            self.hub.log(&Event::Clamped {
                peer: self.peer.clone(),
                asked: (cols, rows),
                used,
            });
        }
        used
    }

    fn send(&self, i: Input) {
        if let Some(tx) = &self.input {
            // A full queue means the seat is flooding: the rate limit drops the excess.
            let _ = tx.try_send(i);
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let (true, Some(seat)) = (self.holding, &self.seat)
            && self.hub.free(seat, self.conn)
        {
            self.hub.log(&Event::Left {
                peer: self.peer.clone(),
                seat: seat.clone(),
                why: "closed".into(),
            });
        }
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        // Every OpenSSH client asks first; not a refusal worth a log line.
        Ok(Connection::reject())
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        self.hub.log(&Event::RefusedPassword {
            peer: self.peer.clone(),
            user: visible_user(user),
        });
        Ok(Connection::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.key_admits(user, offer.public_key) {
            Ok(Auth::Accept)
        } else {
            self.hub.log(&Event::RefusedKey {
                peer: self.peer.clone(),
                user: visible_user(user),
                fingerprint: offer.public_key.fingerprint(HashAlg::Sha256).to_string(),
            });
            Ok(Connection::reject())
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.key_admits(user, key.public_key) {
            self.seat = Some(user.to_string());
            self.by = format!("key {}", key.public_key.fingerprint(HashAlg::Sha256));
            Ok(Auth::Accept)
        } else {
            self.hub.log(&Event::RefusedKey {
                peer: self.peer.clone(),
                user: visible_user(user),
                fingerprint: key.public_key.fingerprint(HashAlg::Sha256).to_string(),
            });
            Ok(Connection::reject())
        }
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let codes_for_user =
            user == JOIN_USER || self.hub.seats().by_name(user).is_some_and(|s| s.code);
        if !codes_for_user {
            self.hub.log(&Event::RefusedCode {
                peer: self.peer.clone(),
                user: visible_user(user),
            });
            return Ok(Connection::reject());
        }
        let Some(mut response) = response else {
            let lang = self.lang.unwrap_or(self.hub.lang());
            let prompt = format!(
                "{} / {}",
                text(Lang::En, Text::CodePrompt).trim_end(),
                text(Lang::Ja, Text::CodePrompt)
            );
            let _ = lang;
            return Ok(Auth::Partial {
                name: Cow::Borrowed("rensa"),
                instructions: Cow::Borrowed(""),
                prompts: Cow::Owned(vec![(Cow::Owned(prompt), false)]),
            });
        };
        let answer = response
            .next()
            .map(|b| String::from_utf8_lossy(&b[..b.len().min(64)]).into_owned())
            .unwrap_or_default();
        let seat = if user == JOIN_USER {
            self.hub.seat_of_code(&answer).map(|s| s.name.clone())
        } else {
            self.hub
                .code_admits(user, &answer)
                .then(|| user.to_string())
        };
        match seat {
            Some(s) => {
                self.seat = Some(s);
                self.by = "join code".into();
                Ok(Auth::Accept)
            }
            None => {
                self.hub.log(&Event::RefusedCode {
                    peer: self.peer.clone(),
                    user: visible_user(user),
                });
                Ok(Connection::reject())
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.seat.is_none() || self.channel.is_some() {
            self.refuse("a second session channel".into());
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("X11 channel".into());
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host_to_connect: &str,
        port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(format!(
            "port forwarding to {}:{port_to_connect}",
            visible_user(host_to_connect)
        ));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host_to_connect: &str,
        port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(format!(
            "forwarded port {}:{port_to_connect}",
            visible_user(host_to_connect)
        ));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(format!(
            "socket forwarding to {}",
            visible_user(socket_path)
        ));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(format!(
            "remote port forwarding of {}:{port}",
            visible_user(address)
        ));
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(format!(
            "remote socket forwarding of {}",
            visible_user(socket_path)
        ));
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding".into());
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("X11 forwarding".into());
        session.channel_failure(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let cmd = String::from_utf8_lossy(&data[..data.len().min(200)]).into_owned();
        self.refuse(format!("exec \"{}\"", visible_user(&cmd)));
        session.channel_failure(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(format!("subsystem {}", visible_user(name)));
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if matches!(variable_name, "LANG" | "LC_ALL" | "LC_MESSAGES") {
            // LC_ALL outranks LC_MESSAGES outranks LANG, as in POSIX locales.
            let lang = if variable_value.starts_with("ja") {
                Lang::Ja
            } else {
                Lang::En
            };
            if variable_name != "LANG" || self.lang.is_none() {
                self.lang = Some(lang);
            }
            session.channel_success(channel)
        } else {
            self.refuse(format!(
                "environment variable {}",
                visible_user(variable_name)
            ));
            session.channel_failure(channel)
        }
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return session.channel_failure(channel);
        }
        self.size = Some(self.clamp(col_width, row_height));
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(seat_name), true, None) =
            (&self.seat, Some(channel) == self.channel, &self.input)
        else {
            self.refuse("a second shell".into());
            return session.channel_failure(channel);
        };
        let lang = self.lang.unwrap_or(self.hub.lang());
        let Some(size) = self.size else {
            self.hub.log(&Event::RefusedNoPty {
                peer: self.peer.clone(),
                seat: seat_name.clone(),
            });
            session.channel_success(channel)?;
            let msg = format!("{}\r\n", text(lang, Text::NeedPty));
            session.data(channel, msg.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            session.close(channel)?;
            return Ok(());
        };
        let holder = Holder {
            conn: self.conn,
            peer: self.peer.clone(),
        };
        if let Err(h) = self.hub.take(seat_name, holder) {
            self.hub.log(&Event::RefusedTaken {
                peer: self.peer.clone(),
                seat: seat_name.clone(),
                holder: h.peer,
            });
            session.channel_success(channel)?;
            let msg = format!("{}\r\n", text(lang, Text::SeatTaken));
            session.data(channel, msg.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            session.close(channel)?;
            return Ok(());
        }
        self.holding = true;
        let Some(seat) = self.hub.seats().by_name(seat_name).cloned() else {
            return session.channel_failure(channel);
        };
        self.hub.log(&Event::Joined {
            peer: self.peer.clone(),
            seat: seat_name.clone(),
            by: self.by.clone(),
        });
        session.channel_success(channel)?;
        let (tx, rx) = mpsc::channel(256);
        self.input = Some(tx);
        let task = conn::Seat {
            hub: self.hub.clone(),
            handle: session.handle(),
            channel,
            seat,
            conn: self.conn,
            peer: self.peer.clone(),
            lang,
            size,
        };
        tokio::spawn(task.run(rx));
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            let size = self.clamp(col_width, row_height);
            self.size = Some(size);
            self.send(Input::Resize(size));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.send(Input::Bytes(data.to_vec()));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.send(Input::Closed);
            session.close(channel)?;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.send(Input::Closed);
        }
        Ok(())
    }
}

/// A name or text from a client, safe to print in the log (control characters escaped,
/// at most 64 characters).
fn visible_user(s: &str) -> String {
    let short: String = s.chars().take(64).collect();
    crate::scenario::diagnostics::visible(&short)
}
