"""Command line: serve one platform sandbox until Ctrl-C.

Run from ``tests/``::

    python -m sandbox testshop --port 8765 --demo
    python -m sandbox testshop --seed-file my_orders.json --set token=secret
    python -m sandbox --list
"""

import argparse
import json
import sys

from .registry import available, get_platform


def _option(text):
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Serve a platform sandbox on 127.0.0.1."
    )
    parser.add_argument("platform", nargs="?", help="platform name, e.g. testshop")
    parser.add_argument("--port", type=int, default=0, help="port (default: free)")
    parser.add_argument("--seed-file", help="JSON seed payload to load at start")
    parser.add_argument("--demo", action="store_true", help="load the demo data")
    parser.add_argument(
        "--set",
        dest="options",
        type=_option,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="constructor option of the platform (e.g. token=abc), repeatable",
    )
    parser.add_argument("--quiet", action="store_true", help="no request log")
    parser.add_argument("--list", action="store_true", help="list the platforms")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(available()))
        return 0
    if not args.platform:
        parser.error("a platform is required (see --list)")
    try:
        cls = get_platform(args.platform)
    except KeyError:
        parser.error(f"unknown platform {args.platform!r}; known: {available()}")
    try:
        server = cls(port=args.port, verbose=not args.quiet, **dict(args.options))
    except TypeError as error:
        parser.error(f"bad --set option: {error}")
    if args.demo:
        server.seed(cls.demo_data())
    if args.seed_file:
        with open(args.seed_file, encoding="utf-8") as seed_file:
            server.seed(json.load(seed_file))
    print(f"{cls.platform} sandbox listening on {server.url}", flush=True)
    for line in server.banner():
        print(f"  {line}", flush=True)
    print("  Ctrl-C to stop", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
