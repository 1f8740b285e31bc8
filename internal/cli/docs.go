package cli

import (
	"time"

	"github.com/spf13/cobra"
)

//go:generate go run ./gendocs ../../docs

// DocsRoot is the command tree as the command reference shows it: every
// command, without the "Auto generated" line that would date each page.
// The reference itself is written by ./gendocs, which keeps cobra's
// document generators out of the program.
func DocsRoot() *cobra.Command {
	ios, _, _, _ := TestStreams()
	root := newRootCmd(&factory{io: ios, now: time.Now, signals: notifySignals})
	disableAutoGen(root)
	return root
}

func disableAutoGen(cmd *cobra.Command) {
	cmd.DisableAutoGenTag = true
	for _, c := range cmd.Commands() {
		disableAutoGen(c)
	}
}
