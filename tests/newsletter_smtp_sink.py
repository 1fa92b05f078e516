"""An SMTP server that accepts everything and writes one line per recipient to a file.

Run as a process of its own by the newsletter worker test and benchmark:

    python tests/newsletter_smtp_sink.py --port 2525 --log rcpt.log [--delay 0.1]

`--delay` holds each RCPT command that long, so a test can kill a worker mid-send: the
message of a held recipient is not transferred yet, and is only counted once DATA ends.
"""

import argparse
import asyncio
import time

from aiosmtpd.controller import Controller


class RecipientLog:
    def __init__(self, path: str, delay: float):
        self.path = path
        self.delay = delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with open(self.path, "a") as log:
            log.writelines(f"{address}\n" for address in envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()
    open(options.log, "w").close()
    controller = Controller(
        RecipientLog(options.log, options.delay), hostname="127.0.0.1", port=options.port
    )
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
