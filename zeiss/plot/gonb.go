package plot

import (
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// gonbDisplay sends outputs to the GoNB kernel. Outside a notebook (no GoNB
// pipe) it does nothing.
type gonbDisplay struct{}

func (gonbDisplay) show(data map[string]any) {
	if !gonbui.IsNotebook {
		return
	}
	d := &protocol.DisplayData{Data: make(map[protocol.MIMEType]any, len(data))}
	for mime, v := range data {
		d.Data[protocol.MIMEType(mime)] = v
	}
	gonbui.SendData(d)
}

func (gonbDisplay) markdown(md string) { gonbui.DisplayMarkdown(md) }

func (gonbDisplay) sync() { gonbui.Sync() }
