package plot

import (
	_ "embed"
	"strings"
)

// EchartsVersion is the version of the Apache ECharts library embedded in
// this package (npm package echarts, file dist/echarts.min.js).
const EchartsVersion = "5.4.3"

// EchartsSHA256 is the hex sha256 of the embedded echarts.min.js, as recorded
// in assets/README.md when the file was taken from the npm package.
const EchartsSHA256 = "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"

//go:embed assets/echarts.min.js
var echartsMinJS string

// EchartsLibrary returns the unmodified embedded echarts.min.js.
func EchartsLibrary() string { return echartsMinJS }

// EchartsScript returns a <script> element that defines window.echarts from
// the embedded library, with no network access.
//
// The bundle is a UMD module: on a page that has loaded RequireJS (as
// nbconvert's HTML export does) it would register itself as an anonymous AMD
// module instead of defining the global, and charts would fail with
// "echarts is not defined". The script therefore runs the bundle inside
//
//	(function(define,module,exports){…}).call(window)
//
// which hides any AMD loader or CommonJS names, so the bundle always sets
// window.echarts. Emit it once per page or notebook, before (or anywhere
// around) the charts: chart scripts wait for window.echarts to appear.
func EchartsScript() string {
	var b strings.Builder
	b.Grow(len(echartsMinJS) + 256)
	b.WriteString(`<script type="text/javascript" data-zeiss-echarts="`)
	b.WriteString(EchartsVersion)
	b.WriteString("\">\nif (!window.echarts) {\n(function (define, module, exports) {\n")
	b.WriteString(echartsMinJS)
	b.WriteString("\n}).call(window);\n}\n</script>\n")
	return b.String()
}
