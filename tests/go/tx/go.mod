module example.com/txbehaviour

go 1.21
