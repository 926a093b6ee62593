-- enum rebuilt while a function takes it
--- a
create type mood as enum ('happy', 'sad');
create function is_happy(x mood) returns boolean language sql as $$select x = 'happy'$$;
--- b
create type mood as enum ('sad', 'happy');
create function is_happy(x mood) returns boolean language sql as $$select x = 'happy'$$;
