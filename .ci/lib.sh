# shellcheck shell=bash
# Shared helpers for .ci/demo and .ci/test. Source it, then call ci_setup.
#
# ci_setup makes sure that, on this machine:
#   1. a PostgreSQL server answers and a role for the current OS user exists
#      (Odoo refuses the "postgres" role);
#   2. an Odoo 19 source tree or installation is known (ODOO_SRC);
#   3. the virtualenv ${ECOMMERCE_VENV:-~/.venvs/odoo19-ecommerce} holds Odoo's
#      requirements, Odoo itself (editable) and this repository's requirements
#      (skipped quickly when a stamp file says nothing changed);
#   4. an Odoo configuration file for this repository exists (ODOO_RC).
# When something cannot be found or installed it prints one line starting with
# "MISSING:" and exits non-zero.
#
# Variables set for the caller: REPO_ROOT, ODOO_SRC, ODOO_PKG_DIR, VENV, PY,
# ODOO_RC, DB_USER, CI_LOG_DIR.

# Bump this when the install steps below change, to invalidate old stamps.
CI_SETUP_VERSION=4

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV="${ECOMMERCE_VENV:-$HOME/.venvs/odoo19-ecommerce}"
CI_LOG_DIR="${ECOMMERCE_LOG_DIR:-$REPO_ROOT/.ci/logs}"
DB_USER="${PGUSER:-$(id -un)}"

# Never wait for a prompt: CI runs without a terminal.
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 GIT_TERMINAL_PROMPT=0 DEBIAN_FRONTEND=noninteractive

ci_log() { printf '[ci] %s\n' "$*" >&2; }

# ci_missing "what is missing and how to provide it": one line, then exit 1.
ci_missing() {
    printf 'MISSING: %s\n' "$*" >&2
    exit 1
}

ci_is_root() { [ "$(id -u)" -eq 0 ]; }

ci_have_internet() {
    command -v curl >/dev/null 2>&1 || return 1
    curl -fsS --max-time 15 -o /dev/null "$1" 2>/dev/null
}

ci_apt_install() {
    ci_is_root && command -v apt-get >/dev/null 2>&1 || return 1
    ci_log "apt-get install $*"
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"; } >&2
}

# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------

# Run a command as the "postgres" OS user (the cluster owner).
_ci_as_postgres() {
    if ci_is_root; then
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u postgres -- "$@")
        else
            (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
        fi
    elif [ "$(id -un)" = postgres ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        (cd / && sudo -n -u postgres -- "$@")
    else
        return 1
    fi
}

_ci_pg_bindir() {
    # Highest installed server version (Debian layout), else pg_ctl on PATH.
    local d
    d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then
        echo "$d"
    elif command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
    return 0
}

_ci_pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -t 3 >/dev/null 2>&1
        # 0: accepting, 1: rejecting (starting up) -- both mean a server is there.
        [ $? -le 1 ]
    else
        # No client tools: assume nothing is running.
        return 1
    fi
}

_ci_pg_wait() {
    local _
    for _ in $(seq 1 30); do
        pg_isready -q -t 2 >/dev/null 2>&1 && return 0
        sleep 1
    done
    return 1
}

# Can the Odoo role log in and create databases?
_ci_pg_role_ok() {
    local can
    can="$(psql -X -q -At -d postgres -c \
        "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user" 2>/dev/null)" || return 1
    [ "$can" = t ]
}

_ci_pg_start_local() {
    # Debian/Ubuntu: pg_ctlcluster manages clusters under /etc/postgresql.
    if command -v pg_lsclusters >/dev/null 2>&1; then
        local line ver name port status
        if [ -z "$(pg_lsclusters -h 2>/dev/null)" ] && ci_is_root; then
            ver="$(basename "$(dirname "$(_ci_pg_bindir)")")"
            ci_log "creating PostgreSQL cluster $ver/main"
            pg_createcluster "$ver" main >&2 || return 1
        fi
        while read -r line; do
            # shellcheck disable=SC2086
            set -- $line
            ver=$1 name=$2 port=$3 status=$4
            if [ "$port" = "${PGPORT:-5432}" ] && [ "$status" != online ]; then
                ci_log "starting PostgreSQL cluster $ver/$name (port $port)"
                if ci_is_root; then
                    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 || return 1
                else
                    _ci_as_postgres pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 || return 1
                fi
            fi
        done < <(pg_lsclusters -h 2>/dev/null)
        _ci_pg_wait
        return
    fi

    # Plain pg_ctl: a private cluster in ECOMMERCE_PGDATA (initialised on first use).
    local bindir datadir sockdir port="${PGPORT:-5432}"
    bindir="$(_ci_pg_bindir)"
    [ -n "$bindir" ] || return 1
    if ci_is_root; then
        id postgres >/dev/null 2>&1 || return 1
        datadir="${ECOMMERCE_PGDATA:-/var/lib/postgresql/odoo19-ecommerce}"
        sockdir="/var/run/postgresql"
        mkdir -p "$sockdir" "$datadir"
        chown postgres "$sockdir" "$datadir"
        chmod 700 "$datadir"
        if [ ! -f "$datadir/PG_VERSION" ]; then
            ci_log "initialising PostgreSQL cluster in $datadir"
            _ci_as_postgres "$bindir/initdb" -D "$datadir" -U postgres -A peer >&2 || return 1
        fi
        ci_log "starting PostgreSQL ($datadir, port $port)"
        _ci_as_postgres "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
            -o "-p $port -k $sockdir" start >&2 || return 1
        export PGHOST="$sockdir"
    else
        datadir="${ECOMMERCE_PGDATA:-$HOME/.local/share/odoo19-ecommerce/pgdata}"
        sockdir="$datadir/run"
        if [ ! -f "$datadir/PG_VERSION" ]; then
            ci_log "initialising a private PostgreSQL cluster in $datadir"
            mkdir -p "$datadir"
            "$bindir/initdb" -D "$datadir" -U "$DB_USER" -A peer >&2 || return 1
        fi
        mkdir -p "$sockdir"
        export PGHOST="$sockdir"
        if ! _ci_pg_ready; then
            ci_log "starting PostgreSQL ($datadir, port $port)"
            "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
                -o "-p $port -k $sockdir -c listen_addresses=''" start >&2 || return 1
        fi
    fi
    _ci_pg_wait
}

ci_setup_postgres() {
    if [ "$DB_USER" = postgres ]; then
        ci_missing "a PostgreSQL role other than 'postgres' for Odoo (Odoo refuses 'postgres'; unset PGUSER or set it to another role)"
    fi
    export PGUSER="$DB_USER"

    if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
        ci_apt_install postgresql-client \
            || ci_missing "PostgreSQL client tools psql/pg_isready (e.g. apt-get install postgresql-client)"
    fi

    case "${PGHOST:-}" in
    "" | /*)
        if ! _ci_pg_ready; then
            if [ -z "$(_ci_pg_bindir)" ]; then
                # No server here at all: install one where we can (Debian/Ubuntu, root).
                ci_apt_install postgresql \
                    || ci_missing "PostgreSQL server (install PostgreSQL >= 13, or point PGHOST/PGPORT/PGUSER at a running server)"
            fi
            _ci_pg_start_local \
                || ci_missing "a running PostgreSQL server (could not start one; start it, e.g. 'pg_ctlcluster --skip-systemctl-redirect 15 main start', or set PGHOST/PGPORT)"
        fi
        ;;
    *)
        # A remote / TCP server: not ours to start.
        _ci_pg_ready || ci_missing "PostgreSQL server at ${PGHOST}:${PGPORT:-5432} (not answering)"
        ;;
    esac

    if ! _ci_pg_role_ok; then
        ci_log "creating PostgreSQL role '$DB_USER' (superuser, for local tests only)"
        # As the cluster owner; host and port passed explicitly (sudo resets the env).
        local conn=(-U postgres -d postgres)
        [ -n "${PGHOST:-}" ] && conn+=(-h "$PGHOST")
        [ -n "${PGPORT:-}" ] && conn+=(-p "$PGPORT")
        _ci_as_postgres psql -X -q "${conn[@]}" -v ON_ERROR_STOP=1 -v role="$DB_USER" >&2 <<'SQL' || true
SELECT format('CREATE ROLE %I LOGIN SUPERUSER', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN SUPERUSER', :'role') \gexec
SQL
        _ci_pg_role_ok \
            || ci_missing "PostgreSQL role '$DB_USER' able to create databases (run as a PostgreSQL superuser: CREATE ROLE \"$DB_USER\" LOGIN CREATEDB; or set PGUSER/PGPASSWORD)"
    fi
}

# --------------------------------------------------------------------------
# Python, Odoo source and the virtualenv
# --------------------------------------------------------------------------

_ci_py_ok() {
    # Odoo 19 needs Python >= 3.10.
    "$1" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] < (3, 14))' 2>/dev/null
}

ci_find_base_python() {
    local c
    for c in ${ECOMMERCE_PYTHON:-} python3.11 python3.12 python3.10 python3.13 python3; do
        if command -v "$c" >/dev/null 2>&1 && _ci_py_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

# Prints the directory of an importable Odoo 19 "odoo" package, if any.
_ci_odoo_pkg_of() {
    "$1" - <<'PY' 2>/dev/null
import os
import odoo.release as r
if r.version_info[0] == 19:
    print(os.path.dirname(os.path.realpath(r.__file__)))
PY
    return 0
}

_ci_is_odoo19_tree() {
    [ -f "$1/odoo/release.py" ] && grep -Eq '^version_info = \(19, ' "$1/odoo/release.py"
}

# Fetch Odoo's official 19.0 source (git, else the nightly source tarball).
_ci_fetch_odoo() {
    local target="$1" tmp tarball
    ci_have_internet https://github.com || ci_have_internet https://nightly.odoo.com || return 1
    mkdir -p "$(dirname "$target")" 2>/dev/null || return 1
    [ -w "$(dirname "$target")" ] || return 1
    tmp="$(mktemp -d "$(dirname "$target")/.odoo19-fetch.XXXXXX")" || return 1
    ci_log "fetching Odoo 19.0 source into $target (this takes a few minutes)"
    if command -v git >/dev/null 2>&1 \
        && git clone -q --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$tmp/src" >&2 \
        && _ci_is_odoo19_tree "$tmp/src"; then
        :
    else
        rm -rf "$tmp/src"
        tarball="https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz"
        ci_log "git clone failed; trying $tarball"
        mkdir -p "$tmp/src"
        if ! curl -fsSL --retry 3 "$tarball" | tar -xz -C "$tmp/src" --strip-components=1 \
            || ! _ci_is_odoo19_tree "$tmp/src"; then
            rm -rf "$tmp"
            return 1
        fi
    fi
    rm -rf "$target" && mv "$tmp/src" "$target" && rm -rf "$tmp"
}

# Sets ODOO_SRC (a tree with odoo/ inside) and ODOO_PKG_DIR (the odoo package).
ci_find_odoo() {
    local py pkg=""
    if [ -x "$VENV/bin/python" ]; then py="$VENV/bin/python"; else py="$BASE_PY"; fi
    pkg="$(_ci_odoo_pkg_of "$py")"
    if [ -n "$pkg" ]; then
        if [ -n "${ODOO_SRC:-}" ] && [ "$(cd "$ODOO_SRC" 2>/dev/null && pwd -P)" != "$(dirname "$pkg")" ]; then
            ci_log "note: using the Odoo already installed in $py ($pkg), not ODOO_SRC=$ODOO_SRC"
        fi
        ODOO_PKG_DIR="$pkg"
        ODOO_SRC="$(dirname "$pkg")"
        return 0
    fi
    if [ -n "${ODOO_SRC:-}" ]; then
        if _ci_is_odoo19_tree "$ODOO_SRC"; then
            ODOO_SRC="$(cd "$ODOO_SRC" && pwd -P)"
        elif [ ! -e "$ODOO_SRC" ] && _ci_fetch_odoo "$ODOO_SRC"; then
            :
        else
            ci_missing "Odoo 19 source at ODOO_SRC=$ODOO_SRC (no odoo/release.py of version 19 there)"
        fi
    elif _ci_is_odoo19_tree /opt/odoo19; then
        ODOO_SRC=/opt/odoo19
    else
        local target=/opt/odoo19
        if ! { mkdir -p /opt 2>/dev/null && [ -w /opt ]; }; then
            target="$HOME/.local/share/odoo19-src"
        fi
        _ci_fetch_odoo "$target" \
            || ci_missing "Odoo 19 source (set ODOO_SRC or put it in /opt/odoo19; could not fetch github.com/odoo/odoo branch 19.0 nor the 19.0 nightly tarball)"
        ODOO_SRC="$target"
    fi
    ODOO_PKG_DIR="$ODOO_SRC/odoo"
}

_ci_hash() {
    # sha256 of the given files (missing ones count as empty) plus extra words.
    local f
    {
        for f in "$@"; do
            if [ -f "$f" ]; then cat "$f"; else echo "<none:$f>"; fi
        done
    } | sha256sum | cut -d' ' -f1
}

ci_setup_venv() {
    local stamp="$VENV/.ecommerce-setup.stamp" odoo_req="$ODOO_SRC/requirements.txt"
    local want have
    want="$(printf '%s\n' "v$CI_SETUP_VERSION" "$ODOO_SRC" "$VENV" \
        "$(_ci_hash "$odoo_req" "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt")" \
        | sha256sum | cut -d' ' -f1)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/python" ] \
        && [ -n "$(_ci_odoo_pkg_of "$VENV/bin/python")" ]; then
        PY="$VENV/bin/python"
        return 0
    fi

    ci_log "setting up the virtualenv $VENV (Python: $BASE_PY)"
    if [ ! -x "$VENV/bin/python" ]; then
        local venv_args=()
        # An Odoo that only the base Python sees (e.g. a distribution package).
        if [ -n "$(_ci_odoo_pkg_of "$BASE_PY")" ]; then venv_args+=(--system-site-packages); fi
        mkdir -p "$(dirname "$VENV")"
        if ! "$BASE_PY" -m venv "${venv_args[@]}" "$VENV" >&2; then
            rm -rf "$VENV"
            if ! { ci_apt_install python3-venv && "$BASE_PY" -m venv "${venv_args[@]}" "$VENV" >&2; }; then
                ci_missing "Python venv support for $BASE_PY (e.g. apt-get install python3-venv)"
            fi
        fi
    fi
    PY="$VENV/bin/python"

    # Constraints: setuptools<70 (older sdists in Odoo's pins need pkg_resources),
    # and Odoo's own pins, so that our requirements never move them. gevent's
    # dependencies unpinned by Odoo: later releases name their metadata
    # zope_interface / zope_event, which that pkg_resources cannot find, and
    # Odoo's long-polling (gevent) process then dies and restarts in a loop.
    local etc="$VENV/etc/ecommerce"
    mkdir -p "$etc"
    printf '%s\n' 'setuptools<70' 'zope.interface<7.3' 'zope.event<5.1' \
        >"$etc/constraint-base.txt"
    if [ -f "$odoo_req" ]; then
        grep -viE '^[[:space:]]*python-ldap' "$odoo_req" >"$etc/odoo-requirements.txt"
    else
        : >"$etc/odoo-requirements.txt"
    fi
    cat "$etc/constraint-base.txt" "$etc/odoo-requirements.txt" >"$etc/constraints.txt"

    if [ -s "$etc/odoo-requirements.txt" ]; then
        if ci_is_root && ! { command -v pg_config >/dev/null && command -v gcc >/dev/null; }; then
            # psycopg2 and friends build from source.
            ci_apt_install build-essential python3-dev libpq-dev || true
        fi
        ci_log "installing Odoo's requirements (minus python-ldap)"
        PIP_CONSTRAINT="$etc/constraint-base.txt" "$PY" -m pip install -q \
            -r "$etc/odoo-requirements.txt" >&2 \
            || ci_missing "Odoo's Python requirements in $VENV (pip failed; a compiler, Python headers and libpq-dev are needed for psycopg2; see the pip output above)"
    fi

    if [ -z "$(_ci_odoo_pkg_of "$PY")" ]; then
        ci_log "installing Odoo from $ODOO_SRC in editable mode"
        # editable_mode=compat: a plain .pth to $ODOO_SRC, so that the "odoo"
        # namespace merges with odoo/addons/* installed from PyPI (queue_job).
        PIP_CONSTRAINT="$etc/constraint-base.txt" "$PY" -m pip install -q --no-deps \
            --config-settings editable_mode=compat -e "$ODOO_SRC" >&2 \
            || ci_missing "an installable Odoo 19 in $ODOO_SRC (pip install -e failed)"
    fi

    local f
    for f in requirements.txt requirements-dev.txt; do
        [ -f "$REPO_ROOT/$f" ] || continue
        ci_log "installing $f"
        PIP_CONSTRAINT="$etc/constraints.txt" "$PY" -m pip install -q -r "$REPO_ROOT/$f" >&2 \
            || ci_missing "the packages of $f in $VENV (pip failed; see the output above)"
    done

    [ -n "$(_ci_odoo_pkg_of "$PY")" ] || ci_missing "an importable Odoo 19 in $VENV"
    echo "$want" >"$stamp"
}

# --------------------------------------------------------------------------
# Addons and the Odoo configuration file
# --------------------------------------------------------------------------

# Installable addons (folders with __manifest__.py) directly inside $1, one per line.
ci_addons_in() {
    local dir="$1" m
    [ -d "$dir" ] || return 0
    for m in "$dir"/*/__manifest__.py; do
        [ -f "$m" ] || continue
        "${PY:-python3}" - "$m" <<'PY' || true
import ast, os, sys
path = sys.argv[1]
try:
    manifest = ast.literal_eval(open(path).read())
except Exception:
    manifest = {}  # a broken manifest must still fail loudly in Odoo
if manifest.get("installable", True):
    print(os.path.basename(os.path.dirname(path)))
PY
    done
}

# Extra addons folders, from ECOMMERCE_EXTRA_ADDONS (comma or colon separated).
ci_extra_addons_dirs() {
    local d
    tr ',:' '\n' <<<"${ECOMMERCE_EXTRA_ADDONS:-}" | while read -r d; do
        [ -n "$d" ] && [ -d "$d" ] && (cd "$d" && pwd -P)
    done
}

ci_suite_addons() { ci_addons_in "$REPO_ROOT"; }
ci_test_addons() { ci_addons_in "$REPO_ROOT/tests/addons"; }
ci_extra_addons() {
    local d
    ci_extra_addons_dirs | while read -r d; do ci_addons_in "$d"; done
}

ci_write_odoo_config() {
    ODOO_RC="${ECOMMERCE_ODOO_RC:-$VENV/etc/ecommerce/odoo.conf}"
    local paths=() d
    for d in "$REPO_ROOT" "$REPO_ROOT/tests/addons" $(ci_extra_addons_dirs) \
        "$ODOO_SRC/addons" "$ODOO_PKG_DIR/addons"; do
        # Only folders that really hold addons (Odoo warns about the others).
        if compgen -G "$d/*/__manifest__.py" >/dev/null; then paths+=("$d"); fi
    done
    local addons_path dbconn=""
    addons_path="$(IFS=,; echo "${paths[*]}")"
    # Odoo also reads PGHOST/PGPORT/PGPASSWORD itself; written only when set.
    [ -n "${PGHOST:-}" ] && dbconn+="db_host = $PGHOST"$'\n'
    [ -n "${PGPORT:-}" ] && dbconn+="db_port = $PGPORT"$'\n'
    [ -n "${PGPASSWORD:-}" ] && dbconn+="db_password = $PGPASSWORD"$'\n'

    mkdir -p "$(dirname "$ODOO_RC")" "$VENV/var/odoo"
    cat >"$ODOO_RC" <<EOF
; Written by .ci/lib.sh for $REPO_ROOT -- regenerated on every run, do not edit.
; queue_job (from PyPI) lives in site-packages/odoo/addons and is found through
; the odoo.addons namespace package, so it needs no addons_path entry.
[options]
addons_path = $addons_path
data_dir = $VENV/var/odoo
${dbconn}db_user = $DB_USER
; rpc keeps Odoo 19's default XML-RPC/JSON-RPC endpoints; queue_job starts its runner.
server_wide_modules = base,rpc,web,queue_job
http_interface = ${ECOMMERCE_HTTP_INTERFACE:-127.0.0.1}
http_port = ${ECOMMERCE_HTTP_PORT:-8069}
workers = 0
max_cron_threads = 1
list_db = True
log_level = info
without_demo = True
limit_time_real = 0
limit_time_cpu = 0

[queue_job]
channels = root:2
EOF
}

# Everything .ci/demo and .ci/test need before talking to Odoo.
# --------------------------------------------------------------------------
# Chromium, for Odoo's browser tests (HttpCase tours)
# --------------------------------------------------------------------------

# Install Debian's chromium when no Chrome/Chromium is there (as root, with
# apt-get). Without it Odoo skips the tours: say so, but go on.
ci_setup_chromium() {
    local exe
    for exe in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$exe" >/dev/null 2>&1 && return 0
    done
    [ -x /usr/bin/chromium ] && return 0
    if ci_apt_install chromium; then
        [ -x /usr/bin/chromium ] && return 0
    fi
    printf 'MISSING: chromium for the browser tours (apt-get install chromium, as root); tours are skipped\n' >&2
    return 0
}

ci_setup() {
    mkdir -p "$CI_LOG_DIR"
    ci_setup_postgres
    ci_setup_chromium
    if [ -x "$VENV/bin/python" ] && _ci_py_ok "$VENV/bin/python"; then
        BASE_PY="$VENV/bin/python"  # only used to look for Odoo; the venv exists
    else
        BASE_PY="$(ci_find_base_python)" \
            || ci_missing "Python 3.10-3.13 (python3.11 or python3.12 recommended; set ECOMMERCE_PYTHON)"
    fi
    ci_find_odoo
    ci_setup_venv
    ci_write_odoo_config
    export ODOO_RC
    ci_log "Odoo: $ODOO_SRC | venv: $VENV | config: $ODOO_RC | db user: $DB_USER"
}

# Run Odoo from the venv (python -m odoo works for source trees and installed Odoo alike).
ci_odoo() { "$PY" -m odoo "$@"; }

ci_db_exists() {
    [ "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = 1 ]
}

ci_drop_db() {
    dropdb --if-exists "$1" 2>/dev/null || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$VENV/var/odoo/filestore/$1"
}
