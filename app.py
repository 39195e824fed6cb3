"""The web chat: `python app.py` serves it on http://127.0.0.1:7860 (GRADIO_SERVER_PORT).

A thin script: the page is built in web/page.py and served by web/server.py, which the installed
`policy-assistant serve` runs too.
"""

import sys

from web.server import main

if __name__ == "__main__":
    sys.exit(main())
