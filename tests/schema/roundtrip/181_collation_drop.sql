-- a collation only TARGET has: its column moves to the default collation first
--- a
create collation email_order (lc_collate = 'C', lc_ctype = 'POSIX');
create table users (id bigint primary key, email text collate email_order);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
