"""A year of synthetic sales history for timing `warung import sales`.

    python3 benches/history_csv.py /tmp/hist   # writes items.csv and sales.csv (100k lines)
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hist"
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
with open(os.path.join(out, "items.csv"), "w") as f:
    f.write("sku,name,price\n")
    for i in range(1000):
        f.write(f"SKU{i:04},Barang {i},{rng.randrange(1, 100) * 500}\n")
lines, invoice = 0, 0
with open(os.path.join(out, "sales.csv"), "w") as f:
    f.write("invoice,date,sku,qty,price,customer_code,customer_name,payment\n")
    while lines < 100_000:
        invoice += 1
        day = rng.randrange(365)
        month, dom = 1 + day // 31 % 12, 1 + day % 28
        customer = rng.randrange(5000) if rng.random() < 0.7 else None
        code, name = (f"C{customer:05}", f"Pelanggan {customer}") if customer is not None else ("", "")
        when = f"2025-{month:02}-{dom:02} {7 + rng.randrange(14):02}:{rng.randrange(60):02}"
        for _ in range(rng.randrange(1, 9)):
            item = rng.randrange(1000)
            f.write(f"H{invoice:06},{when},SKU{item:04},{rng.randrange(1, 4)},{(item % 99 + 1) * 500},{code},{name},cash\n")
            lines += 1
print(f"{lines} lines, {invoice} invoices in {out}/sales.csv")
