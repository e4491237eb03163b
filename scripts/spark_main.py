"""Entry file for spark-submit: runs the claimledger command line on the driver.

    spark-submit [options] scripts/spark_main.py spark analyze --manifest M --out DIR
"""

from claimledger.cli import main

raise SystemExit(main())
