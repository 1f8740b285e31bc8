// Command convergence is a diagnostic for the Convergence Maturity Model.
package main

import (
	"os"

	"github.com/convergence-model/convergence/internal/cli"
)

func main() { os.Exit(cli.Main()) }
