// Command genresults writes many realistic result files, for measuring
// workshop aggregation at scale:
//
//	go run ./scripts/genresults -n 10000 -o /tmp/results
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/convergence-model/convergence/internal/gen"
)

func main() {
	n := flag.Int("n", 10000, "number of result files")
	out := flag.String("o", "results", "directory to write them to (created)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := gen.WriteResults(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
