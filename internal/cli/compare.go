package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

type compareOptions struct {
	files            []string
	failOnRegression bool
	output           outputFlags
}

func newCmdCompare(f *factory) *cobra.Command {
	opts := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare OLD.json NEW.json [MORE.json...]",
		Short: "Show progress between saved results",
		Long: `Compare results of the same questionnaire over time. They are put in the
order they were assessed, whatever the order given. The report shows the
overall and per-dimension level and score of the first and the latest
result, the change (up, down or the same, in words), the answers that moved,
and the pace: the source article's benchmark is one level per 90 days of
focus.

--format html writes one self-contained page (no scripts, nothing fetched
from the network) with a line chart of the overall index and one for each
dimension, the levels then and now, the pace and the answers that moved.

With --fail-on-regression the exit status is 3 when the overall level or any
dimension level went down in the latest step (the newest result against the
one before it), and the levels that went down are named on standard error.`,
		Example: `  convergence compare 2026-03.json 2026-06.json
  convergence compare results/*.json --format markdown -o progress.md
  convergence compare ~/.local/share/convergence/results  # all saved here
  convergence compare results/*.json --format html -o progress.html
  convergence compare last.json new.json --fail-on-regression --format json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("compare needs at least two result files, or a directory of them")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if _, err := opts.output.parse(); err != nil {
				return err
			}
			// Files, directories and patterns, as report takes them.
			files, err := expandResultPaths(args)
			if err != nil {
				return err
			}
			if len(files) < 2 {
				return usageErrorf("compare needs at least two result files, got %d", len(files))
			}
			opts.files = files
			return runCompare(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.failOnRegression, "fail-on-regression", false, "exit with status 3 when a level went down in the latest step")
	opts.output.register(cmd)
	return cmd
}

func runCompare(f *factory, opts *compareOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.files...); err != nil {
		return err
	}
	rs, err := loadResults(f, opts.files)
	if err != nil {
		return err
	}
	c, err := scoring.Compare(rs, opts.files, f.tool())
	if err != nil {
		return err
	}
	if err := opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, c, format, opts.output.reportOptions(f))
	}); err != nil {
		return err
	}
	if opts.failOnRegression {
		return regressionError(c)
	}
	return nil
}

// loadResults reads result files, reporting every bad one at once.
func loadResults(f *factory, files []string) ([]*result.Result, error) {
	var rs []*result.Result
	var probs diag.Problems
	for _, name := range files {
		r, err := loadResult(f, name)
		if err != nil {
			var p diag.Problems
			if !errors.As(err, &p) {
				return nil, err
			}
			probs = append(probs, p...)
			continue
		}
		rs = append(rs, r)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return rs, nil
}

// regressionError is the --fail-on-regression gate.
func regressionError(c *result.Comparison) error {
	if len(c.Regressions) == 0 {
		return nil
	}
	var what []string
	for _, r := range c.Regressions {
		what = append(what, fmt.Sprintf("%s from Level %d to %d", r.Name, r.FromLevel, r.ToLevel))
	}
	return &gateError{msg: "regression: " + strings.Join(what, "; ")}
}
