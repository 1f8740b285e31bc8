package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/importcsv"
)

// csvTemplate is the one export format so far.
const csvTemplate = "csv-template"

func newCmdQuestionnaireExport(f *factory) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export --format csv-template [ID|PATH]",
		Short: "Write what a survey tool's form is built from, for import",
		Long: `Write the questionnaire in a shape to build a survey from, in Microsoft
Forms, Google Forms, Typeform, Qualtrics or a spreadsheet, whose CSV export
"convergence import" reads back.

--format csv-template writes a CSV file of three rows. The first is the
header: name, role, org, assessed_at, then one column a question, headed
with the question's id. The second row holds each column's question text,
the third its options, one a line ("1. …" to "5. …", "Not sure", and "Not
applicable" where the question allows it). Make one form question a column,
titled with its text and offering its options; import matches an export's
columns by id or by exact text, and skips the second and third rows.`,
		Example: `  convergence questionnaire export --format csv-template -o acme-form.csv`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if format != csvTemplate {
				return usageErrorf("unknown format %q: use csv-template", format)
			}
			q, err := loadQuestionnaire(f, firstArg(args))
			if err != nil {
				return err
			}
			o := outputFlags{out: out}
			return o.write(f, func(w io.Writer) error { return importcsv.WriteTemplate(w, q) })
		},
	}
	cmd.Flags().StringVar(&format, "format", csvTemplate, "output `FORMAT`: csv-template")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` (atomically) instead of standard output")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{csvTemplate}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
