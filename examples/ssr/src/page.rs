//! The server: the page rendered with its data, the client's files, and the API.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::ServeDir;
use yew_optimistic::editable_list::Item;
use yew_optimistic::ssr;

use crate::app;
use crate::proxy::{forward, Proxy};

/// Command-line options.
#[derive(clap::Parser, Debug)]
#[command(about = "yew-optimistic's server-rendering example")]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 3001)]
    pub port: u16,
    /// The client's files, as `trunk build` wrote them (index.html is the page's
    /// template).
    #[arg(long, default_value = "examples/ssr/dist")]
    pub dist: PathBuf,
    /// SQLite file of the reference server (default: a temporary one).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Let `/_faults` change the reference server's behaviour (latency, failures,
    /// offline), as the tests do.
    #[arg(long)]
    pub faults: bool,
}

/// The page's HTML around the app's root element: up to its opening tag, and after its
/// closing tag.
struct Template {
    before: String,
    after: String,
}

impl Template {
    /// `index.html` with `<div id="app"></div>` in it.
    fn parse(html: &str) -> Result<Template, String> {
        let open = format!(r#"<div id="{}">"#, app::ROOT_ID);
        let root = format!("{open}</div>");
        let at = html
            .find(&root)
            .ok_or_else(|| format!("the page template has no `{root}`"))?;
        Ok(Template {
            before: format!("{}{open}", &html[..at]),
            after: html[at + root.len()..].to_owned(),
        })
    }

    /// The page with the app's HTML in the root and, after it, the state script.
    fn render(&self, app: &str, script: &str) -> String {
        format!("{}{app}</div>{script}{}", self.before, self.after)
    }
}

#[derive(Clone)]
struct Front {
    template: Arc<Template>,
    /// The reference server's database file, read directly for the render: the page is
    /// the server's own, so the API's injected faults (latency, offline) do not apply.
    db: PathBuf,
}

/// Starts the reference server (in this process, on a free loopback port) and serves
/// the page in front of it until Ctrl-C.
pub async fn serve(args: Args) -> Result<(), String> {
    let index = args.dist.join("index.html");
    let template = std::fs::read_to_string(&index).map_err(|e| {
        format!(
            "cannot read {} (build the client first: README.md): {e}",
            index.display()
        )
    })?;
    let template = Arc::new(Template::parse(&template)?);
    let mut config = server::Config {
        faults: args.faults,
        ..Default::default()
    };
    if let Some(db) = &args.db {
        config = config.db(db);
    }
    let api = server::start(config).await?;
    let front = Front {
        template,
        db: api.db_path().to_owned(),
    };
    let proxy = Router::new()
        .route("/api", any(forward))
        .route("/api/{*rest}", any(forward))
        .route("/_faults", any(forward))
        .route("/_faults/{*rest}", any(forward))
        .with_state(Proxy::new(api.addr()));
    let router = Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .with_state(front)
        .merge(proxy)
        .fallback_service(ServeDir::new(&args.dist));
    let listener = tokio::net::TcpListener::bind((args.host, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    // One machine-readable line, as the reference server prints: the tests wait for it.
    let db = api.db_path().display().to_string();
    println!("{}", server::listening_line(addr, &db, args.faults));
    eprintln!(
        "ssr-example: serving on http://{addr} (database {})",
        api.db_path().display()
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("serving failed: {e}"))?;
    api.stop().await;
    Ok(())
}

/// `GET /`: the list read from the reference server, rendered, and the same data as the
/// page's state. Without the data (the API failed) the page renders its loading state
/// and the browser fetches, as a client-only app does.
async fn page(State(front): State<Front>) -> Response {
    let read = read_list(front.db.clone()).await;
    // The state is built and turned into text at once: the client and the state hold
    // `Rc`s, and this future must stay `Send`.
    let (state_json, script) = page_state(read);
    let app = yew::ServerRenderer::<app::App>::with_props({
        let state_json = state_json.clone();
        move || app::AppProps {
            state_json: Some(state_json),
        }
    })
    .render()
    .await;
    Html(front.template.render(&app, &script)).into_response()
}

/// The page's state as the app's props take it, and as the page's script.
fn page_state(read: Result<Vec<Item>, String>) -> (String, String) {
    let state = match read {
        Ok(items) => ssr::prefetched_state(&app::hydration_types(), |client| {
            let _ = client.set_query_data(app::todos_key().key(), items);
        }),
        Err(e) => {
            eprintln!("ssr-example: rendering without data: {e}");
            ssr::prefetched_state(&app::hydration_types(), |_| {})
        }
    };
    (state.to_json(), ssr::state_script(&state))
}

async fn read_list(db: PathBuf) -> Result<Vec<Item>, String> {
    tokio::task::spawn_blocking(move || {
        let conn =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
        server::store::lists::items(&conn, app::LIST).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("the read stopped: {e}"))?
}

#[cfg(test)]
mod tests {
    use super::Template;

    #[test]
    fn the_app_and_the_state_go_inside_and_after_the_root() {
        let t = Template::parse(r#"<body><div id="app"></div><p>after</p></body>"#)
            .expect("a template with the root");
        assert_eq!(
            t.render("<ul></ul>", "<script>s</script>"),
            r#"<body><div id="app"><ul></ul></div><script>s</script><p>after</p></body>"#
        );
        assert!(Template::parse("<body></body>").is_err());
    }
}
