package r2c4methodonaliasreceiver

import "sync"

type Deep struct{}

func (Deep) Size() int { return 0 }

type Buf struct {
	Deep
	data []int
}

// B is another name for Buf; its methods are Buf's.
type B = Buf

func (b B) Size() int { return b.data[0] }

type Q struct {
	mu  sync.Mutex
	buf Buf
}

func (q *Q) Size() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.buf.Size()
}
