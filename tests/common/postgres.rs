//! A throw-away PostgreSQL cluster for the hub tests: `initdb` into a temporary
//! folder, `pg_ctl start` on a free port of 127.0.0.1, stopped and removed when the
//! test binary exits. As root (the server refuses root) it runs as the `postgres`
//! user, or `nobody`. Without PostgreSQL's server programs every hub test FAILS
//! with what to install; it never passes silently.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const ADMIN: &str = "hubadmin";
pub const ADMIN_PASSWORD: &str = "admin-s3cret";

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
    run_as: Option<String>,
    /// The test CA that signed the server's certificate (TLS is on), or why not.
    tls_root: Result<PathBuf, String>,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

const MISSING: &str = "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them \
     (Debian/Ubuntu: `apt-get install postgresql`) or set WARUNG_TEST_PG_BIN to the folder holding them";

/// The folder with `initdb` and `pg_ctl`.
fn find_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("WARUNG_TEST_PG_BIN") {
        return Some(PathBuf::from(dir)).filter(|dir| dir.join("initdb").exists());
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort_by_key(|p| {
        p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok())
    });
    if let Some(newest) = versions.pop() {
        return Some(newest);
    }
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn user_exists(name: &str) -> bool {
    Command::new("id").arg("-u").arg(name).output().is_ok_and(|o| o.status.success())
}

fn run(cluster: &Cluster, program: &str, args: &[&str]) -> Result<(), String> {
    let exe = cluster.bin.join(program);
    let mut command = match &cluster.run_as {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.arg("-u").arg(user).arg("--").arg(&exe);
            c
        }
        None => Command::new(&exe),
    };
    let output = command.args(args).current_dir(&cluster.dir).output().map_err(|e| format!("{program}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(54329)
}

fn start() -> Result<Cluster, String> {
    let bin = find_bin().ok_or_else(|| MISSING.to_string())?;
    let run_as = if is_root() {
        Some(
            ["postgres", "nobody"]
                .into_iter()
                .find(|u| user_exists(u))
                .ok_or("running as root, and neither user postgres nor nobody exists to run the server")?
                .to_string(),
        )
    } else {
        None
    };
    let dir = std::env::temp_dir().join(format!("warung-hub-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pwfile = dir.join("pw");
    std::fs::write(&pwfile, ADMIN_PASSWORD).map_err(|e| e.to_string())?;
    let tls_root = make_certificates(&dir);
    if let Some(user) = &run_as {
        let status = Command::new("chown").arg("-R").arg(user).arg(&dir).status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("chown {user} {} failed", dir.display()));
        }
    }
    let cluster = Cluster { port: free_port(), dir: dir.clone(), bin, run_as, tls_root };
    let data = dir.join("data");
    let data = data.to_str().ok_or("temp folder is not UTF-8")?;
    run(
        &cluster,
        "initdb",
        &[
            "-D",
            data,
            "-U",
            ADMIN,
            "--pwfile",
            pwfile.to_str().unwrap_or_default(),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale",
        ],
    )?;
    let mut options = format!(
        "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
        cluster.port,
        dir.display()
    );
    if cluster.tls_root.is_ok() {
        options.push_str(&format!(
            " -c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key",
            dir.display()
        ));
    }
    let log = dir.join("server.log");
    run(&cluster, "pg_ctl", &["start", "-w", "-D", data, "-o", &options, "-l", log.to_str().unwrap_or_default()])?;
    // SAFETY: registering a plain extern "C" function with no arguments.
    unsafe { libc::atexit(stop_at_exit) };
    Ok(cluster)
}

/// A test CA and a certificate it signed for 127.0.0.1, made with `openssl`.
fn make_certificates(dir: &Path) -> Result<PathBuf, String> {
    let openssl = |args: &[&str]| -> Result<(), String> {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("openssl: {e} (install openssl: `apt-get install openssl`)"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!("openssl {}: {}", args[0], String::from_utf8_lossy(&output.stderr)))
        }
    };
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    let quiet = ["-nodes", "-days", "3"];
    openssl(
        &[
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-subj",
                "/CN=warung test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
            ][..],
            &quiet,
        ]
        .concat(),
    )?;
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ])?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "3",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ])?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("server.key"), std::fs::Permissions::from_mode(0o600))
        .map_err(|e| e.to_string())?;
    Ok(dir.join("ca.crt"))
}

extern "C" fn stop_at_exit() {
    if let Some(Ok(cluster)) = CLUSTER.get() {
        let data = cluster.dir.join("data");
        let _ = run(cluster, "pg_ctl", &["stop", "-m", "immediate", "-D", data.to_str().unwrap_or_default()]);
        let _ = std::fs::remove_dir_all(&cluster.dir);
    }
}

/// The cluster, started on first use. Panics (fails the test) with what to install
/// when PostgreSQL is missing.
pub fn cluster() -> &'static Cluster {
    match CLUSTER.get_or_init(start) {
        Ok(cluster) => cluster,
        Err(message) => panic!("hub tests need a PostgreSQL server: {message}"),
    }
}

impl Cluster {
    /// The administrator's URL for `database`.
    pub fn admin_url(&self, database: &str) -> String {
        format!("postgres://{ADMIN}:{ADMIN_PASSWORD}@127.0.0.1:{}/{database}?sslmode=disable", self.port)
    }

    /// A fresh, empty database for one test; returns its admin URL.
    pub fn new_database(&self, name: &str) -> String {
        let database = format!("{name}_{}", DATABASES.fetch_add(1, Ordering::SeqCst));
        let mut client = postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test cluster: {e} (log: {})", self.log().display()));
        client.batch_execute(&format!("CREATE DATABASE {database}")).unwrap();
        self.admin_url(&database)
    }

    /// The CA file that makes the server's certificate trusted; fails the test with
    /// what to install when it could not be made.
    pub fn tls_root(&self) -> &Path {
        match &self.tls_root {
            Ok(path) => path,
            Err(why) => panic!("the TLS test needs a server certificate: {why}"),
        }
    }

    pub fn log(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
