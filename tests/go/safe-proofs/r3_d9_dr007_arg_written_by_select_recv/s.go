package r3d9dr007argwrittenbyselectrecv

var kept [2]int

func keep(a [2]int) { kept = a }

// Recv records what it received when it returns: the closure reads arr at the
// exit, after the select case wrote arr[0].
func Recv(ch chan int) {
	arr := [2]int{}
	defer func() { keep(arr) }()
	select {
	case arr[0] = <-ch:
	}
}
