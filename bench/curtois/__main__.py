from bench.curtois.run import main

main()
