package cli

import (
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

//go:generate go run ./gendocs ../../docs

// manDate is the date the man pages carry. It is fixed, not the day they
// were generated, so that regenerating them changes nothing unless the
// commands did; move it on when a release changes them.
var manDate = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// WriteDocs writes the command reference generated from the commands
// themselves: Markdown pages in dir/commands and man pages in dir/man.
// A test fails when the committed copies differ from what this writes.
func WriteDocs(dir string) error {
	ios, _, _, _ := TestStreams()
	root := newRootCmd(&factory{io: ios, now: time.Now, signals: notifySignals})
	root.InitDefaultCompletionCmd()
	disableAutoGen(root)
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

func disableAutoGen(cmd *cobra.Command) {
	cmd.DisableAutoGenTag = true
	for _, c := range cmd.Commands() {
		disableAutoGen(c)
	}
}
