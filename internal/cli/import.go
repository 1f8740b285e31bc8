package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/importcsv"
)

type importOptions struct {
	file          string
	dir           string
	org           string
	questionnaire string
}

const importLong = `Turn a survey tool's CSV export into results, one a respondent, saved into a
workshop directory as "convergence workshop" and "collect" save them, never
over another. Build the survey (Microsoft Forms, Google Forms, Typeform,
Qualtrics, or a spreadsheet) from "convergence questionnaire export --format
csv-template", then export its responses as CSV and import them.

Each question's column is found by its header: the question's id
(data.customer-id) or its exact text. A cell holds the option's text, its
number (1 to 5), both ("2. Only by hand…"), "Not sure" or "Not applicable".
Columns headed name, role, org and assessed_at (or "Your name", "Your
role", "Your organisation", "Answered at") give who answered and when; a
role is one of marketing, sales, service, product, it, data, leadership
or other. Every other column (timestamps, e-mail addresses, response ids)
is left aside.

The file may start with a byte order mark, hold quoted cells with line
breaks and CRLF line ends, and use commas, semicolons or tabs between
cells: the separator is worked out from the header.

A row that cannot be read in full is not imported: every problem is
listed by row and column, and the exit status is 2. The other rows are
imported all the same, so fix the bad rows in a copy holding only them and
import that.

Exit status: 0 when every row is imported, 2 when the file cannot be read
as answers or some rows have problems, 1 when a result cannot be saved.`

const importExample = `  # Build the form from the template, collect, export, then
  convergence questionnaire export --format csv-template -o acme-form.csv
  convergence import responses.csv --dir acme-workshop --org Acme
  convergence report acme-workshop`

func newCmdImport(f *factory) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:     "import RESPONSES.csv --dir DIR",
		Short:   "Turn a survey tool's CSV export into results in a directory",
		Long:    importLong,
		Example: importExample,
		Args:    usageArgs(cobra.ExactArgs(1), "name the CSV file to import, e.g. convergence import responses.csv --dir acme"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			return runImport(f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.dir, "dir", "", "`DIR` to save the results in (created if missing)")
	fl.StringVar(&opts.org, "org", "", "the organisation's `NAME`, for rows that do not give one")
	fl.StringVarP(&opts.questionnaire, "questionnaire", "q", "", "questionnaire `ID|PATH` the survey was built from (default: convergence-core)")
	return cmd
}

func runImport(f *factory, opts *importOptions) error {
	if opts.dir == "" {
		return usageErrorf("--dir is required: the directory to save the results in")
	}
	if err := checkResultsDir(opts.dir, opts.org); err != nil {
		return err
	}
	q, err := loadQuestionnaire(f, opts.questionnaire)
	if err != nil {
		return err
	}
	data, err := diag.ReadFile(opts.file)
	if err != nil {
		return err
	}
	imp, err := importcsv.Parse(opts.file, data, q, f.now())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the workshop directory: %w", err)
	}
	w := f.io.ErrOut
	for _, row := range imp.Rows {
		if row.Answers.Respondent.Org == "" {
			row.Answers.Respondent.Org = opts.org
		}
		path, _, err := saveWorkshopResult(f, opts.dir, q, row.Answers)
		if err != nil {
			return fmt.Errorf("row %d: %w", row.Number, err)
		}
		fmt.Fprintf(w, "Row %d: saved %s\n", row.Number, diag.Clean(path))
	}
	if len(imp.Ignored) > 0 {
		sayWrapped(w, fmt.Sprintf("Left aside: %s.", diag.Join(quoted(imp.Ignored), "and")))
	}
	total := len(imp.Rows) + rowsWithProblems(imp.Problems)
	sayWrapped(w, fmt.Sprintf("Imported %d of %s into %s.", len(imp.Rows), diag.Count(total, "row", "rows"), diag.Clean(opts.dir)))
	if len(imp.Problems) > 0 {
		return imp.Problems.Limit(maxListed, "problems")
	}
	return nil
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// rowsWithProblems counts the rows the problems are about.
func rowsWithProblems(probs diag.Problems) int {
	lines := map[int]bool{}
	for _, p := range probs {
		lines[p.Line] = true
	}
	return len(lines)
}
