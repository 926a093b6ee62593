-- an existing table becomes a partition
--- a
create table ev (id int, at date not null) partition by range (at);
create table ev_2024 (id int, at date not null);
--- b
create table ev (id int, at date not null) partition by range (at);
create table ev_2024 partition of ev for values from ('2024-01-01') to ('2025-01-01');
