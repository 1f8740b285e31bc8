// Command gendocs writes the command reference (Markdown and man pages)
// from the commands themselves: go generate ./internal/cli.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra/doc"

	"github.com/convergence-model/convergence/internal/cli"
)

// manDate is the date the man pages carry. It is fixed, not the day they
// were generated, so that regenerating them changes nothing unless the
// commands did; move it on when a release changes them.
var manDate = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocs DIR")
		os.Exit(2)
	}
	if err := writeDocs(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

// writeDocs writes Markdown pages in dir/commands and man pages in
// dir/man. A test fails when the committed copies differ from what this
// writes.
func writeDocs(dir string) error {
	root := cli.DocsRoot()
	md := filepath.Join(dir, "commands")
	man := filepath.Join(dir, "man")
	for _, d := range []string{md, man} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := doc.GenMarkdownTree(root, md); err != nil {
		return err
	}
	return doc.GenManTree(root, &doc.GenManHeader{Title: "CONVERGENCE", Section: "1", Date: &manDate, Source: "convergence", Manual: "convergence manual"}, man)
}
