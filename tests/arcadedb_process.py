"""ArcadeDB with its Bolt plugin in a process of its own, for the test fixtures.

Run as ``python -m tests.arcadedb_process CONFIG_JSON``. It starts the server,
opens the databases it is told about, creates the ones asked for on stdin
(``create NAME``, answered by ``created NAME`` on the file named in the
config), and stops on ``stop`` or end of input. It leaves with ``os._exit``
after stopping the server: the JVM then never has to be torn down by the
interpreter, which in the test process itself once ended a passing run with
SIGSEGV.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> None:
    config = json.loads(sys.argv[1])
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        root_path=config["root"],
        root_password=os.environ["ICSGOV_TEST_ARCADEDB_PASSWORD"],
        config={
            "http_port": config["http_port"],
            "host": "127.0.0.1",
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": config["bolt_port"],
        },
    )
    answers = Path(config["answers"])
    server.start()
    try:
        for name in config["databases"]:
            server.create_database(name)  # opens it: it exists on disk
        with answers.open("a") as out:
            out.write("ready\n")
        for line in sys.stdin:
            command, _, name = line.strip().partition(" ")
            if command == "create":
                server.create_database(name)
                with answers.open("a") as out:
                    out.write(f"created {name}\n")
            elif command == "stop":
                break
    finally:
        server.stop()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
