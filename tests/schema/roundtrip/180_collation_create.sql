-- a collation only SOURCE has, used by a column and a domain
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create collation email_order (provider = libc, locale = 'C');
create domain email_text as text collate email_order;
create table users (id bigint primary key, email text collate email_order, backup email_text);
comment on collation email_order is 'byte order for emails';
