import sys

from militnet.cli import main

sys.exit(main())
