package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/result/schema"
)

func newCmdSchema(f *factory) *cobra.Command {
	names := make([]string, len(schema.Documents))
	for i, d := range schema.Documents {
		names[i] = d.Name
	}
	cmd := &cobra.Command{
		Use:   "schema [NAME]",
		Short: "Print the JSON Schema of a document the tool reads or writes",
		Long: `Print the JSON Schema (draft 2020-12) of a document: result, workshop,
compare, history, answers, questionnaire, questionnaires or version. Every
JSON document the tool writes names its schema in its "schema" field
("convergence.result/v1" is result), and validates against it; the answers
file has a schema too, for editors.

Without a name, list the schemas and what each describes. What may change
within a version of a schema, and what makes a new one, is in
docs/compatibility.md.`,
		Example: `  convergence schema result > result.schema.json
  convergence schema

  # Let an editor check an answers file as you type (YAML language server):
  convergence schema answers > answers.schema.json
  # then, at the top of answers.yaml:
  #   # yaml-language-server: $schema=./answers.schema.json`,
		ValidArgs: names,
		Args:      cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return listSchemas(f)
			}
			_, data, err := schema.Lookup(args[0])
			if err != nil {
				return usageErrorf("%v", err)
			}
			_, err = f.io.Out.Write(data)
			return err
		},
	}
	return cmd
}

// listSchemas prints each schema's name and what it describes.
func listSchemas(f *factory) error {
	tw := tabwriter.NewWriter(f.io.Out, 0, 0, 2, ' ', 0)
	for _, d := range schema.Documents {
		fmt.Fprintf(tw, "%s\t%s\n", d.Name, d.Describe)
	}
	return tw.Flush()
}
