// Package cli is the convergence command line: the cobra commands, the
// streams they use, and the one table that maps errors to exit codes.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
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
	io *IOStreams
	// screen is standard error as it is, for the form and the prompts,
	// which draw on it and clean what they show themselves. io.ErrOut
	// cleans every line written to it.
	screen io.Writer
	now    func() time.Time
	// signals returns a context cancelled by the signals that should stop
	// an assessment (interrupt, terminate, hang-up), so the draft can be
	// kept and the terminal restored.
	signals func(context.Context) (context.Context, context.CancelFunc)
}

// screenOut is where the form is drawn and the prompts written: standard
// error as it is.
func (f *factory) screenOut() io.Writer {
	if f.screen != nil {
		return f.screen
	}
	return f.io.ErrOut
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
	// Messages on standard error quote file names, flag values and text
	// from files: every line is cleaned on its way out, whichever command
	// wrote it, so none of that reaches a terminal as an escape sequence.
	msgs := &cleanLines{w: ios.ErrOut}
	defer func() { _ = msgs.Flush() }()
	streams := *ios
	streams.ErrOut = msgs
	f := &factory{io: &streams, screen: ios.ErrOut, now: time.Now, signals: notifySignals}
	root := newRootCmd(f)
	// Help and usage are written by cobra, which ignores write errors:
	// they are caught here, so "--help > /dev/full" fails as it should.
	out := &checkedWriter{w: ios.Out}
	root.SetOut(out)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil && out.err != nil {
		err = fmt.Errorf("cannot write to standard output: %w", unwrapPathError(out.err))
	}
	// A command that writes straight to standard output fails with the
	// system's "write /dev/stdout: …"; it is said as the others say it.
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Op == "write" && pe.Path == os.Stdout.Name() {
		err = fmt.Errorf("cannot write to standard output: %w", pe.Err)
	}
	if err != nil {
		_ = msgs.Flush()
		printError(ios.ErrOut, cmd, err)
		annotate(ios, ios.ErrOut, err)
	}
	return exitCode(err)
}

// checkedWriter remembers the first write error, for writers whose errors
// are dropped on the way.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// cleanLines passes text on line by line, each line cleaned (see
// diag.Clean). A line is held until it ends, or until Flush.
type cleanLines struct {
	mu   sync.Mutex
	w    io.Writer
	line []byte
}

func (c *cleanLines) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.line = append(c.line, p...)
	for {
		i := bytes.IndexByte(c.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		out := diag.Clean(string(c.line[:i])) + "\n"
		c.line = c.line[i+1:]
		if _, err := io.WriteString(c.w, out); err != nil {
			return len(p), err
		}
	}
}

// Flush writes what is left of an unfinished line.
func (c *cleanLines) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.line) == 0 {
		return nil
	}
	_, err := io.WriteString(c.w, diag.Clean(string(c.line)))
	c.line = nil
	return err
}

// printError writes err for people: one sentence a line, and for a usage
// error a pointer to the help of the command that failed. This is where
// every error reaches the terminal, so every line is cleaned here: a file
// name, a flag value or text quoted from a file cannot bring an escape
// sequence with it, whoever built the message.
func printError(w io.Writer, cmd *cobra.Command, err error) {
	var usage *usageError
	var cancel *cancelError
	switch {
	case errors.As(err, &cancel):
		if cancel.msg != "" {
			say(w, "%s", cancel.msg)
		}
		return
	case errors.As(err, &usage):
		say(w, "%s", sentence(usage.msg))
		say(w, "Run '%s --help' for usage.", cmd.CommandPath())
		return
	}
	var probs diag.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			say(w, "%s", sentence(p.String()))
		}
		return
	}
	say(w, "%s", sentence(err.Error()))
}

// say writes a message for people on w, ending it with a newline. Each of
// its lines is cleaned (see diag.Clean): messages quote file names, flag
// values and text from files, and none of that may reach a terminal as an
// escape sequence, a control character or a direction override. Every
// message the commands write on standard error goes through say or
// printError.
func say(w io.Writer, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	lines := strings.Split(strings.TrimSuffix(msg, "\n"), "\n")
	for i, l := range lines {
		lines[i] = diag.Clean(l)
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// sayWrapped writes a message wrapped to 80 columns (it may hold a long
// path), each line cleaned as say cleans it.
func sayWrapped(w io.Writer, msg string) {
	for _, line := range report.Wrap(msg, textWidth) {
		say(w, "%s", line)
	}
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

It asks 19 questions (about five minutes), scores the answers onto the five
levels of the Convergence Maturity Model (Siloed, Connected, Aligned,
Orchestrated, Converged), explains why that is the level, reads out what it
means for AI readiness, lists the gaps and writes a 90-day plan.

Everything stays on this machine: no telemetry, and nothing goes over the
network unless you start "convergence collect" to serve a workshop's
questionnaire to participants' browsers.`

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
		return &usageError{msg: flagErrorMessage(err)}
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
		newCmdCollect(f),
		newCmdImport(f),
		newCmdQuestionnaire(f),
		newCmdVersion(f),
		newCmdSchema(f),
	)
	root.SetUsageTemplate(usageTemplate)
	root.SetVersionTemplate(versionTemplate(versionLine(currentBuild())))
	root.SetHelpCommand(newCmdHelp())
	root.InitDefaultCompletionCmd()
	fixCompletionCmd(root)
	argsAreUsageErrors(root)
	return root
}

// newCmdHelp is "convergence help [command]". cobra's own prints "Unknown
// help topic" and succeeds; here a topic that is no command is a usage
// error (exit status 2), like an unknown command.
func newCmdHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long: `Help about any command: "convergence help score" is the same as
"convergence score --help".`,
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return usageErrorf("no help on %q: there is no such command", strings.Join(args, " "))
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// fixCompletionCmd makes cobra's completion command fail as a usage error
// (exit status 2) when no shell, or one it does not know, is named: cobra's
// prints its help and succeeds. It also words each shell's help to fit 80
// columns.
func fixCompletionCmd(root *cobra.Command) {
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		var shells []string
		for _, sh := range c.Commands() {
			shells = append(shells, sh.Name())
			sh.Long = completionLong(sh.Name())
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name the shell to complete for: %s", diag.Join(shells, "or"))
			}
			return usageErrorf("no completion for %q: the shells are %s", args[0], diag.Join(shells, "and"))
		}
	}
}

// completionLong is a shell's completion help, worded to fit 80 columns
// (cobra's runs to 91).
func completionLong(shell string) string {
	const intro = "Write the completion script for %s to standard output.\n\n"
	switch shell {
	case "bash":
		return fmt.Sprintf(intro, "bash") + `It needs the "bash-completion" package; install it with your operating
system's package manager if it is missing.

To load completions in the current shell:

  source <(convergence completion bash)

To load them in every new shell, once:

  # Linux
  convergence completion bash > /etc/bash_completion.d/convergence

  # macOS, with Homebrew
  convergence completion bash > \
    "$(brew --prefix)/etc/bash_completion.d/convergence"

Start a new shell for this to take effect.`
	case "zsh":
		return fmt.Sprintf(intro, "zsh") + `If completion is not already on in your shell, turn it on once:

  echo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in the current shell:

  source <(convergence completion zsh)

To load them in every new shell, once:

  # Linux
  convergence completion zsh > "${fpath[1]}/_convergence"

  # macOS, with Homebrew
  convergence completion zsh > \
    "$(brew --prefix)/share/zsh/site-functions/_convergence"

Start a new shell for this to take effect.`
	case "fish":
		return fmt.Sprintf(intro, "fish") + `To load completions in the current shell:

  convergence completion fish | source

To load them in every new shell, once:

  convergence completion fish > ~/.config/fish/completions/convergence.fish

Start a new shell for this to take effect.`
	case "powershell":
		return fmt.Sprintf(intro, "PowerShell") + `To load completions in the current shell:

  convergence completion powershell | Out-String | Invoke-Expression

To load them in every new shell, add the output of the command above to
your PowerShell profile.`
	}
	return fmt.Sprintf(intro, shell)
}

// flagErrorMessage words a flag parsing error for people: pflag's own
// messages quote Go's strconv ("strconv.ParseInt: parsing "abc": invalid
// syntax").
func flagErrorMessage(err error) string {
	var iv interface {
		GetValue() string
		Unwrap() error
	}
	if !errors.As(err, &iv) {
		return err.Error()
	}
	name := "the flag"
	if m := flagNameRE.FindStringSubmatch(err.Error()); m != nil {
		name = "--" + m[1]
	}
	// pflag reports a value that does not parse as Go's strconv error or,
	// since v1.1, in its own words ("must be an integer").
	var num *strconv.NumError
	inner := iv.Unwrap().Error()
	switch {
	case errors.As(iv.Unwrap(), &num) && num.Func == "ParseBool", inner == "must be true or false":
		return fmt.Sprintf("%s takes true or false, not %q", name, iv.GetValue())
	case errors.As(iv.Unwrap(), &num) && errors.Is(num.Err, strconv.ErrRange):
		return fmt.Sprintf("%s takes a whole number, and %q is out of range", name, iv.GetValue())
	case errors.As(iv.Unwrap(), &num), inner == "must be an integer":
		return fmt.Sprintf("%s takes a whole number, not %q", name, iv.GetValue())
	}
	return fmt.Sprintf("%s cannot be %q: %v", name, iv.GetValue(), iv.Unwrap())
}

// flagNameRE finds the flag's long name in pflag's message: for "-n,
// --limit" flag.
var flagNameRE = regexp.MustCompile(`for "(?:-[^,]+, )?--([^"]+)" flag`)

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
