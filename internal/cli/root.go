// Package cli is the convergence command line: the cobra commands, the
// streams they use, and the one table that maps errors to exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// version is set at build time with -ldflags "-X .../internal/cli.version=1.2.3",
// as the release build does (with commit and date, see version.go).
var version = ""

// toolVersion is the version written into results, worked out once: every
// result a workshop saves asks for it.
var toolVersion = sync.OnceValue(func() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
})

// factory carries what every command needs, so tests can replace it.
type factory struct {
	io  *IOStreams
	now func() time.Time
	// signals returns a context cancelled by the signals that should stop
	// an assessment (interrupt, terminate, hang-up), so the draft can be
	// kept and the terminal restored.
	signals func(context.Context) (context.Context, context.CancelFunc)
}

func (f *factory) tool() result.Tool {
	return result.Tool{Name: "convergence", Version: toolVersion()}
}

// Main runs the program with the process's arguments and streams and
// returns the exit code.
func Main() int {
	return Run(os.Args[1:], SystemStreams())
}

// Run executes one command line and returns its exit code. Errors are
// printed here, once, as plain sentences on stderr.
func Run(args []string, ios *IOStreams) int {
	f := &factory{io: ios, now: time.Now, signals: notifySignals}
	root := newRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil {
		printError(ios.ErrOut, cmd, err)
	}
	return exitCode(err)
}

// printError writes err for people: one sentence a line, and for a usage
// error a pointer to the help of the command that failed.
func printError(w io.Writer, cmd *cobra.Command, err error) {
	var usage *usageError
	var cancel *cancelError
	switch {
	case errors.As(err, &cancel):
		if cancel.msg != "" {
			fmt.Fprintln(w, cancel.msg)
		}
		return
	case errors.As(err, &usage):
		fmt.Fprintln(w, sentence(usage.msg))
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return
	}
	var probs diag.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(w, sentence(p.String()))
		}
		return
	}
	fmt.Fprintln(w, sentence(err.Error()))
}

// sentence ends a message with a full stop unless it already ends a
// sentence or a parenthesis.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, ")") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

const rootLong = `convergence measures how far your marketing, sales, customer service and
product teams have converged: on data, platforms, KPIs and people.

It asks 18 questions (about five minutes), scores the answers onto the five
levels of the Convergence Maturity Model (Siloed, Connected, Aligned,
Orchestrated, Converged), explains why that is the level, reads out what it
means for AI readiness, lists the gaps and writes a 90-day plan.

Everything stays on this machine: no network, no telemetry.`

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "convergence",
		Short: "Diagnose how far your customer-facing teams have converged",
		Long:  rootLong,
		Example: `  # The five-minute assessment, in this terminal ("convergence assess")
  convergence

  # Score an answers file and print the report
  convergence score --answers answers.yaml

  # The same as JSON, failing a CI job below Level 3
  convergence score --answers answers.yaml --format json --min-level 3

  # Print a saved result again, as a printable HTML file
  convergence report result.json --format html -o report.html

  # Prepare an answers file to fill in offline
  convergence questionnaire template > answers.yaml`,
		Version:       toolVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBare(f, cmd)
		},
	}
	root.SetIn(f.io.In)
	root.SetOut(f.io.Out)
	root.SetErr(f.io.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{msg: err.Error()}
	})
	root.CompletionOptions.HiddenDefaultCmd = false
	root.AddCommand(
		newCmdAssess(f),
		newCmdScore(f),
		newCmdRescore(f),
		newCmdReport(f),
		newCmdCompare(f),
		newCmdHistory(f),
		newCmdWorkshop(f),
		newCmdQuestionnaire(f),
		newCmdVersion(f),
	)
	root.SetUsageTemplate(usageTemplate)
	root.SetVersionTemplate(versionTemplate(versionLine(currentBuild())))
	argsAreUsageErrors(root)
	return root
}

// usageTemplate is cobra's, with the flags wrapped to fit 80 columns and a
// shorter closing line, so that every --help fits a standard terminal.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Available Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsagesWrapped 80 | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{.InheritedFlags.FlagUsagesWrapped 80 | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Run "{{.CommandPath}} [command] --help" for more about a command.{{end}}
`

// argsAreUsageErrors makes every command's argument check a usage error (exit 2
// with a pointer to --help), as bad flags already are; cobra returns them
// as plain errors.
func argsAreUsageErrors(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			err := check(c, args)
			var u *usageError
			if err == nil || errors.As(err, &u) {
				return err
			}
			if !c.HasSubCommands() && strings.HasPrefix(err.Error(), "unknown command") {
				// cobra.NoArgs speaks of commands even where there are none.
				return usageErrorf("%q takes no arguments, but was given %q", c.CommandPath(), strings.Join(args, " "))
			}
			return &usageError{msg: err.Error()}
		}
	}
	for _, sub := range cmd.Commands() {
		argsAreUsageErrors(sub)
	}
}

// runBare handles `convergence` with no command: on a terminal it is the
// assessment; without one it prints usage and fails, and never waits for
// input that cannot come.
func runBare(f *factory, cmd *cobra.Command) error {
	if f.io.IsStdinTTY() && f.io.IsStderrTTY() {
		opts := &assessOptions{output: outputFlags{format: string(report.Text), allowed: report.Formats}}
		return startAssess(cmd.Context(), f, opts)
	}
	cmd.SetOut(f.io.ErrOut)
	_ = cmd.Usage()
	return usageErrorf("no command given")
}
