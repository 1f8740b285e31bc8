package importcsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func builtin(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// export writes rows as a survey tool would: its separator and line ends,
// a byte order mark or not, every cell quoted or only where needed.
type export struct {
	sep      rune
	crlf     bool
	bom      bool
	quoteAll bool
}

func (e export) write(rows [][]string) []byte {
	var b bytes.Buffer
	if e.bom {
		b.WriteString("\xef\xbb\xbf")
	}
	end := "\n"
	if e.crlf {
		end = "\r\n"
	}
	for _, row := range rows {
		for i, cell := range row {
			if i > 0 {
				b.WriteRune(e.sep)
			}
			if e.quoteAll || strings.ContainsAny(cell, "\"\r\n"+string(e.sep)) {
				cell = `"` + strings.ReplaceAll(cell, `"`, `""`) + `"`
			}
			b.WriteString(cell)
		}
		b.WriteString(end)
	}
	return b.Bytes()
}

// cellFor answers qu at level in one of the ways tools write it.
func cellFor(qu *questionnaire.Question, level int, style string) string {
	switch style {
	case "number":
		return fmt.Sprint(level)
	case "numbered":
		return fmt.Sprintf("%d. %s", level, qu.Option(level))
	}
	return qu.Option(level)
}

func TestToolExports(t *testing.T) {
	q := builtin(t)
	qs := q.Questions()
	levelOf := func(person, i int) int { return 1 + (person+i)%5 }
	tools := []struct {
		name   string
		format export
		// lead are the tool's own columns before the answers, and what
		// each respondent's row holds in them.
		lead     []string
		leadCell func(person int) []string
		header   func(qu *questionnaire.Question) string
		style    string
		extra    [][]string // rows the tool puts between header and data
	}{
		{
			name: "Microsoft Forms (BOM, CRLF, every cell quoted)", format: export{sep: ',', crlf: true, bom: true, quoteAll: true},
			lead: []string{"ID", "Start time", "Completion time", "Email", "Name", "Your role"},
			leadCell: func(p int) []string {
				return []string{fmt.Sprint(p + 1), "11/24/26 9:01:12", "11/24/26 9:07:40", fmt.Sprintf("p%d@acme.example", p), fmt.Sprintf("Person %d", p), []string{"Marketing", "Sales", "IT"}[p%3]}
			},
			header: func(qu *questionnaire.Question) string { return qu.Prompt }, style: "label",
		},
		{
			name: "Google Forms (a timestamp, numbered options)", format: export{sep: ','},
			lead: []string{"Timestamp", "Email Address", "Your name", "Role"},
			leadCell: func(p int) []string {
				return []string{"2026/11/24 10:01:02 AM GMT+1", "", fmt.Sprintf("Person, %d", p), "service"}
			},
			header: func(qu *questionnaire.Question) string { return qu.Prompt + " " }, style: "numbered",
		},
		{
			name: "Typeform (ids as headers, numbers, a token)", format: export{sep: ',', crlf: true},
			lead:     []string{"#", "name", "role"},
			leadCell: func(p int) []string { return []string{fmt.Sprintf("x%dab", p), fmt.Sprintf("P\n%d", p), "product"} },
			header:   func(qu *questionnaire.Question) string { return qu.ID }, style: "number",
		},
		{
			name: "European spreadsheet (semicolons)", format: export{sep: ';', crlf: true, bom: true},
			lead: []string{"name", "role", "org", "assessed_at"},
			leadCell: func(p int) []string {
				return []string{fmt.Sprintf("Müller; %d", p), "leadership", "Acme GmbH", "2026-11-23 15:04"}
			},
			header: func(qu *questionnaire.Question) string { return qu.ID }, style: "label",
		},
		{
			name: "Qualtrics (question texts in row 2, import ids in row 3)", format: export{sep: ',', quoteAll: true},
			lead: []string{"StartDate", "EndDate", "ResponseId", "Q_role"},
			leadCell: func(p int) []string {
				return []string{"2026-11-24 09:00:00", "2026-11-24 09:08:00", fmt.Sprintf("R_%d", p), "data"}
			},
			header: func(qu *questionnaire.Question) string { return "Q" + qu.ID[:3] },
			style:  "label",
		},
	}
	for _, tool := range tools {
		t.Run(tool.name, func(t *testing.T) {
			header := append([]string{}, tool.lead...)
			texts := []string{"Start Date", "End Date", "Response ID", "Your role"}
			ids := make([]string, len(tool.lead))
			for i, qu := range qs {
				header = append(header, tool.header(qu))
				texts = append(texts, qu.Prompt)
				ids = append(ids, fmt.Sprintf(`{"ImportId":"QID%d"}`, i+1))
			}
			rows := [][]string{header}
			if strings.HasPrefix(tool.name, "Qualtrics") {
				// Its first row names questions by export tag; the texts
				// come second, which is what import matches.
				rows = append(rows, texts, ids)
			}
			for p := range 3 {
				row := tool.leadCell(p)
				for i, qu := range qs {
					row = append(row, cellFor(qu, levelOf(p, i), tool.style))
				}
				rows = append(rows, row)
			}
			imp, err := Parse("responses.csv", tool.format.write(rows), q, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Problems) > 0 {
				t.Fatalf("problems:\n%v", imp.Problems)
			}
			if len(imp.Rows) != 3 {
				t.Fatalf("%d rows, want 3", len(imp.Rows))
			}
			if imp.Separator != tool.format.sep {
				t.Errorf("separator %q, want %q", imp.Separator, tool.format.sep)
			}
			for p, row := range imp.Rows {
				if err := questionnaire.CheckAnswers(q, row.Answers).AsError(); err != nil {
					t.Errorf("row %d: %v", row.Number, err)
				}
				for i, a := range row.Answers.Items {
					if a.Question != qs[i].ID || a.Status != result.Answered || a.Level != levelOf(p, i) {
						t.Errorf("row %d, %s: %+v, want level %d", row.Number, qs[i].ID, a, levelOf(p, i))
						break
					}
				}
				if row.Answers.Respondent.Role == "" {
					t.Errorf("row %d has no role", row.Number)
				}
			}
			if len(imp.Ignored) == 0 && tool.name != "European spreadsheet (semicolons)" {
				t.Error("the tool's own columns are not reported as left aside")
			}
		})
	}
}

func TestRespondentColumns(t *testing.T) {
	q := builtin(t)
	rows := [][]string{{"Name", "Your role", "org", "assessed_at"}, {"Ana Ruiz", "IT", "Acme", "2026-11-23T10:00:00Z"}}
	for _, qu := range q.Questions() {
		rows[0] = append(rows[0], qu.ID)
		rows[1] = append(rows[1], "Not sure")
	}
	imp, err := Parse("r.csv", export{sep: ','}.write(rows), q, now)
	if err != nil || len(imp.Rows) != 1 {
		t.Fatalf("%v %+v", err, imp)
	}
	a := imp.Rows[0].Answers
	want := result.Respondent{Name: "Ana Ruiz", Role: "it", Org: "Acme"}
	if a.Respondent != want || !a.AssessedAt.Equal(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("respondent %+v at %v", a.Respondent, a.AssessedAt)
	}
	if a.Items[0].Status != result.Unsure {
		t.Errorf("Not sure read as %+v", a.Items[0])
	}
}

func TestBadRowsAreListedAndGoodOnesKept(t *testing.T) {
	q := builtin(t)
	qs := q.Questions()
	noNA := qs[0]
	for _, qu := range qs {
		if !qu.AllowNA {
			noNA = qu
			break
		}
	}
	header := []string{"name", "role"}
	for _, qu := range qs {
		header = append(header, qu.ID)
	}
	row := func(name, role string, set map[string]string) []string {
		r := []string{name, role}
		for _, qu := range qs {
			v := "3"
			if s, ok := set[qu.ID]; ok {
				v = s
			}
			r = append(r, v)
		}
		return r
	}
	rows := [][]string{
		header,
		row("Good One", "sales", nil),
		row("Forged", "sales", map[string]string{qs[2].ID: "Maybe, sometimes"}),
		row("Seven", "sales", map[string]string{qs[3].ID: "7", qs[4].ID: ""}),
		row("No NA", "sales", map[string]string{noNA.ID: "Not applicable"}),
		row("Bad role", "ceo", nil),
		{},
		row("Good Two", "", map[string]string{qs[5].ID: "2) " + qs[5].Option(2)}),
		row("Wrong number", "it", map[string]string{qs[6].ID: "2. " + qs[6].Option(3)}),
	}
	imp, err := Parse("r.csv", export{sep: ','}.write(rows), q, now)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range imp.Rows {
		names = append(names, r.Answers.Respondent.Name)
	}
	if got := strings.Join(names, ", "); got != "Good One, Good Two" {
		t.Errorf("rows kept: %s", got)
	}
	got := imp.Problems.Error()
	for _, want := range []string{
		`r.csv:3: row 3, column E (` + qs[2].ID + `): "Maybe, sometimes" is none of the options`,
		`r.csv:4: row 4, column F (` + qs[3].ID + `): "7" is none of the options`,
		`r.csv:4: row 4, column G (` + qs[4].ID + `): no answer`,
		`"Not applicable" is not an answer this question allows`,
		`r.csv:6: row 6, column B (role): "ceo" is not a role`,
		`r.csv:9: row 9, column I (` + qs[6].ID + `): "2. `,
		`or "Not sure"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if n := len(imp.Problems); n != 6 {
		t.Errorf("%d problems, want 6:\n%s", n, got)
	}
}

func TestFilesThatAreNotAnswers(t *testing.T) {
	q := builtin(t)
	ids := []string{}
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID)
	}
	cases := map[string]struct {
		data string
		want string
	}{
		"empty":             {"", "is empty"},
		"UTF-16":            {"\xff\xfeh\x00i\x00", "UTF-16"},
		"Latin-1":           {"name,r\xf4le\n", "not UTF-8"},
		"no question":       {"Timestamp,Email\n1,2\n", "names none of the questions"},
		"a question short":  {strings.Join(ids[1:], ",") + "\n", "no column for question " + ids[0]},
		"a question twice":  {strings.Join(ids, ",") + "," + ids[0] + "\n", "are both"},
		"an unclosed quote": {strings.Join(ids, ",") + "\n\"3,3\n", "not a readable CSV file"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("r.csv", []byte(tc.data), q, now)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if _, ok := err.(diag.Problems); !ok {
				t.Errorf("error %T, want diag.Problems", err)
			}
		})
	}
}

// TestTemplateImportsBack: the template's own rows of texts are skipped,
// and an export of a form built from it imports.
func TestTemplateImportsBack(t *testing.T) {
	q := builtin(t)
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, q); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("template: %v, %d rows", err, len(recs))
	}
	if recs[0][0] != "name" || recs[0][4] != q.Questions()[0].ID || recs[1][4] != q.Questions()[0].Prompt {
		t.Errorf("template header: %v", recs[0][:5])
	}
	if !strings.Contains(recs[2][4], "5. "+q.Questions()[0].Option(5)) || !strings.Contains(recs[2][4], "Not sure") {
		t.Errorf("template options: %q", recs[2][4])
	}
	// The template filled in, one row, as a spreadsheet would.
	data := append([]byte{}, buf.Bytes()...)
	row := []string{"Ana", "Marketing", "", ""}
	for _, qu := range q.Questions() {
		row = append(row, strings.Split(OptionsText(qu), "\n")[1])
	}
	data = append(data, export{sep: ',', crlf: true}.write([][]string{row})...)
	imp, err := Parse("filled.csv", data, q, now)
	if err != nil || len(imp.Problems) > 0 || len(imp.Rows) != 1 {
		t.Fatalf("%v %v %d rows", err, imp.Problems, len(imp.Rows))
	}
	if imp.Rows[0].Number != 4 || imp.Rows[0].Answers.Items[0].Level != 2 {
		t.Errorf("row %d, first answer %+v", imp.Rows[0].Number, imp.Rows[0].Answers.Items[0])
	}
}

func TestDetectSeparator(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n":            ',',
		"a;b;c\n1,5;2\n":     ';',
		"a\tb\tc\n":          '\t',
		`"x;y;z",b,c` + "\n": ',',
		"single\n":           ',',
	} {
		if got := detectSeparator([]byte(in)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestColName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d) = %s, want %s", i, got, want)
		}
	}
}

// FuzzParse holds the importer to its promises on any input: no panic, an
// error or an import; every kept row a complete answer set the
// questionnaire accepts; every problem with a line.
func FuzzParse(f *testing.F) {
	q := builtin(f)
	ids := []string{"name", "role"}
	row := []string{"Ana", "sales"}
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID)
		row = append(row, "3")
	}
	f.Add(export{sep: ','}.write([][]string{ids, row}))
	f.Add(export{sep: ';', bom: true, crlf: true, quoteAll: true}.write([][]string{ids, row, row}))
	var tmpl bytes.Buffer
	_ = WriteTemplate(&tmpl, q)
	f.Add(tmpl.Bytes())
	f.Add([]byte("a,\"b\nc\",d\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Parse("f.csv", data, q, now)
		if err != nil {
			if _, ok := err.(diag.Problems); !ok {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		for _, r := range imp.Rows {
			if err := questionnaire.CheckAnswers(q, r.Answers).AsError(); err != nil {
				t.Fatalf("row %d kept with problems: %v", r.Number, err)
			}
		}
		for _, p := range imp.Problems {
			if p.Line < 1 {
				t.Fatalf("a problem without a line: %v", p)
			}
		}
	})
}

func TestFutureDateIsRefused(t *testing.T) {
	q := builtin(t)
	rows := [][]string{{"name", "role", "assessed_at"}, {"Ana", "it", "9999-12-31T00:00:00Z"}, {"Ben", "it", now.Add(time.Hour).Format(time.RFC3339)}}
	for _, qu := range q.Questions() {
		rows[0] = append(rows[0], qu.ID)
		rows[1] = append(rows[1], "3")
		rows[2] = append(rows[2], "3")
	}
	imp, err := Parse("r.csv", export{sep: ','}.write(rows), q, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(imp.Problems.Error(), "r.csv:2: row 2, column C (assessed_at): 9999-12-31 is in the future") {
		t.Errorf("a row dated 9999-12-31 was not refused: %v", imp.Problems)
	}
	if len(imp.Rows) != 1 || imp.Rows[0].Answers.Respondent.Name != "Ben" {
		t.Errorf("want only the row an hour ahead kept, got %+v", imp)
	}
}
