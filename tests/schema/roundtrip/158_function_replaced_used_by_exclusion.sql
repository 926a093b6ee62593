-- an exclusion constraint and a materialized view use a function that is dropped and created again
--- a
create function norm(t text) returns text language sql immutable as $$select lower(t)$$;
create table users (id int primary key, email text, exclude using btree (norm(email) with =));
insert into users values (1, 'A@x'), (2, 'b@x');
create materialized view user_emails as select norm(email) as e from users;
create index user_emails_e_idx on user_emails (norm(e));
--- b
create function norm(t text) returns varchar language sql immutable as $$select lower(t)$$;
create table users (id int primary key, email text, exclude using btree (norm(email) with =));
insert into users values (1, 'A@x'), (2, 'b@x');
create materialized view user_emails as select norm(email) as e from users;
create index user_emails_e_idx on user_emails (norm(e));
