package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

type reportOptions struct {
	paths  []string
	output outputFlags
}

func newCmdReport(f *factory) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report RESULT.json",
		Short: "Print the report of a saved result again, in any format",
		Long: `Print the report of a result saved earlier (by "score --format json" or
"assess"), without answering anything again: a result holds everything its
report needs, the questions and level names included.

On a terminal the text report is coloured and uses up to 100 columns; in a
pipe or a file, or with NO_COLOR set, it is plain text of 80 columns.
Markdown suits a client document or a CI job summary; HTML is one
self-contained, printable file (A4 or Letter) that loads nothing from the
network.

Exit status: 0 on success, 2 for a bad flag or a file that is not a valid
result (the message names the file, and the line and column where known).`,
		Example: `  # The report again, in the terminal
  convergence report result.json

  # A printable HTML file to hand over
  convergence report result.json --format html -o report.html

  # A CI job summary on GitHub Actions
  convergence report result.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: usageArgs(cobra.MinimumNArgs(1), "name the result file to report on, e.g. convergence report result.json"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.paths = args
			return runReport(f, opts)
		},
	}
	opts.output.register(cmd)
	return cmd
}

func runReport(f *factory, opts *reportOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if len(opts.paths) > 1 {
		return runWorkshopReport(f, opts, opts.paths)
	}
	r, err := loadResult(f, opts.paths[0])
	if err != nil {
		return err
	}
	return opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, r, format, opts.output.reportOptions(f))
	})
}

// runWorkshopReport renders the aggregate of several respondents' results.
// It is kept apart from the one-result path so that the workshop report
// can replace it whole.
func runWorkshopReport(_ *factory, _ *reportOptions, _ []string) error {
	return usageErrorf("several results make a workshop report; that is not available yet")
}

// usageArgs makes a wrong number of arguments a usage error (exit status
// 2) with a message that says what to give, instead of cobra's own.
func usageArgs(check cobra.PositionalArgs, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageErrorf("%s", msg)
		}
		return nil
	}
}

// loadResult reads a saved result, or standard input for "-". A file that
// is not a valid result comes back as problems naming it (exit status 2).
func loadResult(f *factory, name string) (*result.Result, error) {
	if name == "-" {
		data, err := readStdin(f)
		if err != nil {
			return nil, err
		}
		return result.Parse("<stdin>", data)
	}
	return result.Load(name)
}
