package report

import (
	"io"
	"math"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// compareHTMLData is what the comparison document fills in: the view, a
// chart of the overall index and one per dimension.
type compareHTMLData struct {
	*compareView
	// OverallCharts are the overall level over time, wide for a screen
	// and narrow for a phone; the page shows one of them.
	OverallCharts []lineChart
	Charts        []lineChart
	// Footer names the tool in the page head, as every report does.
	Footer footerView
}

func newCompareHTMLData(c *result.Comparison) compareHTMLData {
	v := newCompareView(c, false)
	d := compareHTMLData{compareView: v, Footer: footerView{Tool: v.Tool}}
	dates := make([]time.Time, len(c.Results))
	resultDates := make([]string, len(c.Results))
	for i, r := range c.Results {
		dates[i] = r.AssessedAt
		resultDates[i] = v.Results[i].Date
	}
	d.OverallCharts = []lineChart{overallChart(v, dates, overallWide, "wide"), overallChart(v, dates, overallNarrow, "narrow")}
	for i, dd := range c.Change.Dimensions {
		levels := make([]int, len(c.Results))
		scores := make([]float64, len(c.Results))
		for j, r := range c.Results {
			scores[j] = math.NaN()
			for _, rd := range r.Dimensions {
				if rd.ID == dd.ID {
					levels[j], scores[j] = rd.Level, rd.Score
				}
			}
		}
		d.Charts = append(d.Charts, dimensionChart(v.Dimensions[i], dates, levels, scores, resultDates))
	}
	return d
}

// writeComparisonHTML renders the comparison as one self-contained page,
// with the same CSS and footer as the other reports.
func writeComparisonHTML(w io.Writer, c *result.Comparison) error {
	return htmlTemplate().ExecuteTemplate(w, "comparison", newCompareHTMLData(c))
}
