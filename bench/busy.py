"""Keep the machine busy while something else runs: N processes spinning for T seconds.

Issue 19 asks that the form's end-to-end test pass "while another process keeps both cores busy
(load average >= 6)". This makes that load, prints the load average as it goes, and stops its
own processes (and only those) at the end or on Ctrl+C:

    .venv/bin/python bench/busy.py --processes 6 --seconds 1800 &
    for i in 1 2 3 4 5; do .venv/bin/python -m pytest -q -n 0 tests/test_form_guide.py; done
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import time


def spin(until: float) -> None:
    x = 0
    while time.monotonic() < until:
        for _ in range(100_000):
            x = (x * 1103515245 + 12345) % 2**31


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=6, help="busy processes (load adds about one each)")
    parser.add_argument("--seconds", type=float, default=600, help="how long to stay busy")
    parser.add_argument("--every", type=float, default=30, help="seconds between two load reports")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops the workers too
    until = time.monotonic() + args.seconds
    workers = [multiprocessing.Process(target=spin, args=(until,), daemon=True) for _ in range(args.processes)]
    for worker in workers:
        worker.start()
    try:
        while time.monotonic() < until:
            print(f"busy: {args.processes} processes, load average {os.getloadavg()[0]:.1f}", flush=True)
            time.sleep(min(args.every, max(0.0, until - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        for worker in workers:
            worker.terminate()
            worker.join()


if __name__ == "__main__":
    main()
