from kith.cli import main

main()
