package delimited

import (
	"bytes"
	"fmt"
	"testing"
)

type countSink struct{ rows, fields int }

func (c *countSink) Row(fields [][]byte, line int)               { c.rows++; c.fields += len(fields) }
func (c *countSink) Reject(line int, reason string, text []byte) {}

func benchData(rows int, quoted bool) []byte {
	var b bytes.Buffer
	b.WriteString("user_id,timestamp,action_type,page_id,duration_ms,app_version\n")
	for i := range rows {
		if quoted && i%10 == 0 {
			fmt.Fprintf(&b, "u%06d,2023-%02d-%02d 12:%02d:%02d,\"edit, page\",p%06d,%d,6.%d.%d\n", i%1000000, 1+i%12, 1+i%28, i%60, i%60, (i*7)%1000000, 100+i%300000, i%10, i%7)
			continue
		}
		fmt.Fprintf(&b, "u%06d,2023-%02d-%02d 12:%02d:%02d,page_view,p%06d,%d,6.%d.%d\n", i%1000000, 1+i%12, 1+i%28, i%60, i%60, (i*7)%1000000, 100+i%300000, i%10, i%7)
	}
	return b.Bytes()
}

func benchmarkReader(b *testing.B, quoted bool) {
	data := benchData(200000, quoted)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := Reader{Header: true}
		var s countSink
		for p := 0; p < len(data); p += 4 << 20 {
			r.Feed(data[p:min(p+4<<20, len(data))], &s)
		}
		r.Finish(&s)
		if s.rows != 200000 {
			b.Fatalf("%d rows", s.rows)
		}
	}
}

func BenchmarkReader(b *testing.B)       { benchmarkReader(b, false) }
func BenchmarkReaderQuoted(b *testing.B) { benchmarkReader(b, true) }
