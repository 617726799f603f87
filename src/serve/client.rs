//! A scripted SSH seat client (russh): what the load benchmark's fifty seats and the
//! hostile-input tests connect with. It takes a seat with a key or a join code, asks for a
//! pty and a shell, sends bytes and window changes, and collects what the server draws,
//! each packet with the instant it arrived. Not used by `rensa serve` itself.

use russh::client::{self, Handle, KeyboardInteractiveAuthResponse};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, ChannelWriteHalf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How a client proves its seat.
pub enum Proof {
    /// A private key listed for the seat.
    Key(Arc<PrivateKey>),
    /// A join code.
    Code(String),
}

/// Accepts any host key (the tests and the benchmark make the server themselves).
pub struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What a client has received.
#[derive(Debug, Default)]
pub struct Received {
    /// Every data packet, with the instant it arrived.
    pub packets: Vec<(Instant, Vec<u8>)>,
    /// The server closed the channel.
    pub closed: bool,
}

impl Received {
    /// Everything received, as text (lossy).
    pub fn text(&self) -> String {
        let bytes: Vec<u8> = self.packets.iter().flat_map(|(_, b)| b.clone()).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// A connected seat.
pub struct Client {
    handle: Handle<Trusting>,
    write: ChannelWriteHalf<client::Msg>,
    /// What arrived so far (a reader task fills it, unless the client does not read).
    pub received: Arc<Mutex<Received>>,
}

/// Why a client could not take its seat.
#[derive(Debug)]
pub enum ClientError {
    /// The SSH layer failed.
    Ssh(russh::Error),
    /// Authentication was refused.
    Refused,
}

impl From<russh::Error> for ClientError {
    fn from(e: russh::Error) -> ClientError {
        ClientError::Ssh(e)
    }
}

/// Settings of a connection.
pub struct Options<'a> {
    /// The seat's name (the SSH user; `join` with a code).
    pub user: &'a str,
    /// The proof.
    pub proof: Proof,
    /// The window size asked for.
    pub size: (u32, u32),
    /// `LANG` to send, if any.
    pub lang: Option<&'a str>,
    /// Whether to read what the server sends (a client that never reads, with a 4 KiB
    /// window, stands for a half-open connection).
    pub read: bool,
}

impl Client {
    /// Connects to `addr` and takes the seat.
    pub async fn connect(
        addr: std::net::SocketAddr,
        o: Options<'_>,
    ) -> Result<Client, ClientError> {
        // A client that does not read offers a small window, which the server fills.
        let window = if o.read { 2 * 1024 * 1024 } else { 4096 };
        let handle = login(addr, o.user, o.proof, window).await?;
        let channel = handle.channel_open_session().await?;
        if let Some(l) = o.lang {
            channel.set_env(false, "LANG", l).await?;
        }
        channel
            .request_pty(false, "xterm-256color", o.size.0, o.size.1, 0, 0, &[])
            .await?;
        channel.request_shell(false).await?;
        let (mut read, write) = channel.split();
        let received = Arc::new(Mutex::new(Received::default()));
        if o.read {
            let r = received.clone();
            tokio::spawn(async move {
                while let Some(msg) = read.wait().await {
                    let mut got = r.lock().unwrap_or_else(|e| e.into_inner());
                    match msg {
                        ChannelMsg::Data { data } => {
                            got.packets.push((Instant::now(), data.to_vec()));
                        }
                        ChannelMsg::Eof | ChannelMsg::Close => got.closed = true,
                        _ => {}
                    }
                }
                r.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
            });
        } else {
            // Keep the read half alive, unread: the server's window fills up.
            tokio::spawn(async move {
                let _keep = read;
                std::future::pending::<()>().await;
            });
        }
        Ok(Client {
            handle,
            write,
            received,
        })
    }

    /// Sends bytes as typed.
    pub async fn send(&self, bytes: &[u8]) -> Result<(), russh::Error> {
        self.write.data_bytes(bytes.to_vec()).await
    }

    /// Tells the server the window's new size.
    pub async fn resize(&self, cols: u32, rows: u32) -> Result<(), russh::Error> {
        self.write.window_change(cols, rows, 0, 0).await
    }

    /// The number of packets received so far.
    pub fn packets(&self) -> usize {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .packets
            .len()
    }

    /// Whether the server closed the channel.
    pub fn closed(&self) -> bool {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .closed
    }

    /// Everything received, as text.
    pub fn text(&self) -> String {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .text()
    }

    /// Closes the connection.
    pub async fn close(self) {
        let _ = self
            .handle
            .disconnect(russh::Disconnect::ByApplication, "", "en")
            .await;
    }
}

/// Connects to `addr` and authenticates as `user`, offering a channel window of `window`
/// bytes; what to ask for next is the caller's (the hostile tests ask for what is refused).
pub async fn login(
    addr: std::net::SocketAddr,
    user: &str,
    proof: Proof,
    window: u32,
) -> Result<Handle<Trusting>, ClientError> {
    let config = Arc::new(client::Config {
        nodelay: true,
        window_size: window,
        ..Default::default()
    });
    let mut handle = client::connect(config, addr, Trusting).await?;
    let ok = match proof {
        Proof::Key(k) => {
            let hash = handle.best_supported_rsa_hash().await?.flatten();
            handle
                .authenticate_publickey(user, PrivateKeyWithHashAlg::new(k, hash))
                .await?
                .success()
        }
        Proof::Code(code) => match handle
            .authenticate_keyboard_interactive_start(user, None)
            .await?
        {
            KeyboardInteractiveAuthResponse::InfoRequest { .. } => matches!(
                handle
                    .authenticate_keyboard_interactive_respond(vec![code])
                    .await?,
                KeyboardInteractiveAuthResponse::Success
            ),
            KeyboardInteractiveAuthResponse::Success => true,
            KeyboardInteractiveAuthResponse::Failure { .. } => false,
        },
    };
    if ok {
        Ok(handle)
    } else {
        Err(ClientError::Refused)
    }
}
