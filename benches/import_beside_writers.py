#!/usr/bin/env python3
"""Longest wait of other writers during a big sales import.
usage: import_beside_writers.py BINARY SALES [alone]
(3 lines per sale; 2000 items, 2000 customers). While `warung import sales` runs,
loops `warung config set` and a write of its own (BEGIN IMMEDIATE) and prints the
longest of each; `alone` times the import with nothing beside it."""
import os, shutil, sqlite3, subprocess, sys, tempfile, time

binary, sales = sys.argv[1], int(sys.argv[2])
work = tempfile.mkdtemp(prefix="imp15m-")
db = os.path.join(work, "shop.db")
env = dict(os.environ, LANG="C", WARUNG_LANG="en")
def run(*args, stdin=None):
    return subprocess.run([binary, "--db", db, *args], input=stdin, capture_output=True, text=True, env=env)
r = run("init", "--owner", "ani", "--password-stdin", stdin="rahasia1\n"); assert r.returncode == 0, r.stderr
items = os.path.join(work, "items.csv")
with open(items, "w") as f:
    f.write("sku,name,price\n")
    for i in range(2000): f.write(f"S{i:06},Barang {i},{1000 + i % 500}\n")
custs = os.path.join(work, "customers.csv")
with open(custs, "w") as f:
    f.write("name,code,phone\n")
    for i in range(2000): f.write(f"Pelanggan {i},C{i:06},08123{i:06}\n")
assert run("import", "items", items).returncode == 0
assert run("import", "customers", custs).returncode == 0
hist = os.path.join(work, "history.csv")
with open(hist, "w") as f:
    f.write("invoice,date,sku,qty,price,customer_code\n")
    for line in range(sales * 3):
        s = line // 3
        f.write(f"H{s:07},2026-{1 + s % 10:02}-{1 + s % 28:02} 10:00,S{line % 2000:06},1,{1000 + line % 500},C{s % 2000:06}\n")
conn = sqlite3.connect(db, timeout=30, isolation_level=None)
start = time.monotonic()
imp = subprocess.Popen([binary, "--db", db, "import", "sales", hist], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
longest_set = longest_lock = 0.0
n = 0
alone = len(sys.argv) > 3 and sys.argv[3] == 'alone'
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
print(f"{sales*3} lines: import {total:.2f} s; {n} config sets, longest {longest_set*1000:.0f} ms; longest BEGIN IMMEDIATE wait {longest_lock*1000:.0f} ms; {err.strip()}")
shutil.rmtree(work)
