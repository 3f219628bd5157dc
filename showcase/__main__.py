from showcase.cli import main

raise SystemExit(main())
