#!/usr/bin/env python3
"""Longest wait of other writers during a big sales import.
usage: import_beside_writers.py BINARY SALES [alone] [--shop PATH]
(3 lines per sale.) A new shop with 2000 items and 2000 customers, or with --shop a
copy of the shop at PATH (its first 2000 items and customers; the original is not
touched). While `warung import sales` runs, loops `warung config set` and a write of
its own (BEGIN IMMEDIATE) and prints the longest of each; `alone` times the import
with nothing beside it. Also says whether the file was published in one transaction
(the journal's run started and ended at the same instant) or in parts."""
import os, shutil, sqlite3, subprocess, sys, tempfile, time

args = sys.argv[1:]
shop = None
if "--shop" in args:
    i = args.index("--shop"); shop = args[i + 1]; del args[i:i + 2]
binary, sales = args[0], int(args[1])
alone = len(args) > 2 and args[2] == 'alone'
work = tempfile.mkdtemp(prefix="imp15m-")
db = os.path.join(work, "shop.db")
env = dict(os.environ, LANG="C", WARUNG_LANG="en")
def run(*argv, stdin=None):
    return subprocess.run([binary, "--db", db, *argv], input=stdin, capture_output=True, text=True, env=env)
if shop:
    src = sqlite3.connect(shop); src.execute("VACUUM INTO ?", (db,)); src.close()
    r = run("migrate"); assert r.returncode == 0, r.stderr  # before two processes open it at once
    c = sqlite3.connect(db)
    skus = [r[0] for r in c.execute("SELECT sku FROM items ORDER BY id LIMIT 2000")]
    codes = [r[0] for r in c.execute("SELECT code FROM customers ORDER BY id LIMIT 2000")]
    c.close()
else:
    r = run("init", "--owner", "ani", "--password-stdin", stdin="rahasia1\n"); assert r.returncode == 0, r.stderr
    skus = [f"S{i:06}" for i in range(2000)]
    codes = [f"C{i:06}" for i in range(2000)]
    items = os.path.join(work, "items.csv")
    with open(items, "w") as f:
        f.write("sku,name,price\n")
        for i, sku in enumerate(skus): f.write(f"{sku},Barang {i},{1000 + i % 500}\n")
    custs = os.path.join(work, "customers.csv")
    with open(custs, "w") as f:
        f.write("name,code,phone\n")
        for i, code in enumerate(codes): f.write(f"Pelanggan {i},{code},08123{i:06}\n")
    assert run("import", "items", items).returncode == 0
    assert run("import", "customers", custs).returncode == 0
hist = os.path.join(work, "history.csv")
with open(hist, "w") as f:
    f.write("invoice,date,sku,qty,price,customer_code\n")
    for line in range(sales * 3):
        s = line // 3
        f.write(f"H{s:07},2026-{1 + s % 10:02}-{1 + s % 28:02} 10:00,{skus[line % len(skus)]},1,{1000 + line % 500},{codes[s % len(codes)]}\n")
conn = sqlite3.connect(db, timeout=30, isolation_level=None)
start = time.monotonic()
imp = subprocess.Popen([binary, "--db", db, "import", "sales", hist], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
longest_set = longest_lock = 0.0
n = 0
while not alone and imp.poll() is None:
    t = time.monotonic()
    r = run("config", "set", "store.name", f"Toko {n}")
    longest_set = max(longest_set, time.monotonic() - t)
    assert r.returncode == 0, r.stderr
    t = time.monotonic()
    conn.execute("BEGIN IMMEDIATE"); conn.execute("UPDATE settings SET value = value WHERE key = 'store.name'"); conn.execute("COMMIT")
    longest_lock = max(longest_lock, time.monotonic() - t)
    n += 1
imp.wait()
total = time.monotonic() - start
err = imp.stderr.read().decode()
assert imp.returncode == 0, err
started, ended = conn.execute("SELECT started_at, updated_at FROM import_runs WHERE kind = 'sales' ORDER BY id DESC").fetchone()
how = "at once" if started == ended else "in parts"
print(f"{sales*3} lines: import {total:.2f} s, published {how}; {n} config sets, longest {longest_set*1000:.0f} ms; longest BEGIN IMMEDIATE wait {longest_lock*1000:.0f} ms; {err.strip()}")
shutil.rmtree(work)
