"""Demo walks for the team protocols: an IFL learning walk (in person and from a video)
and a tiered instructional learning walk with student interviews, at the demo school.

Invented like the rest of the demo; ids come from :func:`classwalk.features.demo.school.demo_id`,
so seeding twice writes nothing new. Notes name no teacher and no student.
"""

from __future__ import annotations

import datetime as dt

from classwalk.features.demo.school import SCHOOL, DemoBuilder, _at, _note, demo_id
from classwalk.core.records.model import Observer, Slice, Walk

ML, SWD, STRUGGLING, CLASS = "multilingual", "disabilities", "struggling", "whole_class"
IFL_TEAM = (
    Observer(name="Dana Reyes", role="facilitator"),
    Observer(name="Sam Ortiz", role="timekeeper"),
    Observer(name="Priya Shah", role="specialist"),
    Observer(name="Jordan Lee", role="recorder"),
)
ILW_TEAM = (
    Observer(name="Sam Ortiz", role="facilitator"),
    Observer(name="Jordan Lee", role="timekeeper"),
    Observer(name="Dana Reyes", role="recorder"),
    Observer(name="Priya Shah", role="student_interviewer"),
)


ILW_INTERVIEW_KIND = "interview"  # the interview_evidence_kind the ilw_tiered protocol declares


def _answer(student: str, question: str, text: str, *groups: str) -> dict:
    return _note(ILW_INTERVIEW_KIND, text, student_label=student, question_id=question, student_groups=groups,
                 observer="Priya Shah")


def ifl_walks(today: dt.date) -> list[DemoBuilder]:
    """A closed in-person walk on student discourse, and a video visit being debriefed."""
    day = today - dt.timedelta(days=6)
    walk = Walk(
        id=demo_id("ifl", day), protocol_id="ifl_learning_walk", school=SCHOOL, date=day,
        focus="Student discourse in math and science",
        guiding_question="When students talk about their thinking, whose ideas get taken up, "
                         "and how do multilingual learners enter the conversation?",
        focus_shaped_by="Grade 4 and 5 teachers, at the staff meeting after the talk-moves workshop",
        focus_categories=("discourse", "accountable_talk", "questioning"),
        observers=IFL_TEAM, mode="in_person", status="closed",
        created_at=_at(day, 8, 30), updated_at=_at(day, 12, 10),
    )
    b = DemoBuilder(walk)
    v = b.visit("Room 12", _at(day, 9, 0), 13.5, [
        _note("observation", "Teacher posed: 'Is 3/8 or 3/5 closer to a half? Convince your partner.' "
              "11 of 12 pairs talking within a minute", "discourse.peer_to_peer", "rigor.high_demand",
              student_groups=(CLASS,)),
        _note("observation", "Student: 'I agree with her because eighths are smaller pieces, so 3 of them is "
              "less.' Two more students added to that idea", "talk.builds_on", "discourse.share_of_talk",
              student_groups=(CLASS,), observer="Jordan Lee"),
        _note("observation", "Two newcomer students rehearsed in Spanish with a partner, then one shared in "
              "English using the frame 'It is closer because...'", "discourse.language_support",
              "discourse.who_speaks", student_groups=(ML,), observer="Priya Shah"),
        _note("student_talk", "Student A: 'We have to prove it, not just say it. She asks how do you know "
              "every time.'", "talk.press", student_label="Student A", student_groups=(CLASS,)),
    ])
    b.hallway(v, [
        _note("hallway", "Students answered each other without waiting for the teacher in most pairs",
              mark="noticing", observer="Jordan Lee"),
        _note("hallway", "We wonder how the pairs were chosen, and whether the frame is used in other subjects",
              mark="wondering", observer="Priya Shah"),
    ])
    v = b.visit("Room 23", _at(day, 9, 20), 12.5, [
        _note("observation", "Teacher talk for about 9 of the 12 minutes; students answered with single "
              "numbers", "discourse.share_of_talk", student_groups=(CLASS,)),
        _note("observation", "Teacher asked 'What is 4 times 0.3?' and 'Which is the tenths place?'; "
              "5 questions, all with one answer", "questioning.open_questions", observer="Sam Ortiz"),
        _note("observation", "Three students with IEP accommodations worked with a paraprofessional on a "
              "separate page of whole-number facts", "rigor.grade_level", "effort.same_goal",
              student_groups=(SWD, STRUGGLING), observer="Priya Shah"),
        _note("student_talk", "Student B: 'I'm doing my facts page. The others are doing decimals.'",
              student_label="Student B", student_groups=(SWD,)),
    ])
    b.hallway(v, [
        _note("hallway", "Most of the talk was teacher questions with one right answer", mark="noticing"),
        _note("hallway", "We wonder what it would take for the students on the facts page to join the "
              "decimal task with support", mark="wondering", observer="Priya Shah"),
    ])
    v = b.visit("Room 21", _at(day, 9, 40), 14.0, [
        _note("observation", "Groups argued whether the plant in the closet grew taller because it was "
              "'looking for light'; teacher asked 'What in your data tells you that?'", "talk.evidence",
              "talk.press", student_groups=(CLASS,)),
        _note("observation", "Student question written on the board: 'Would it still grow tall with a "
              "lamp but no window?' Class voted to test it next week", "questioning.student_questions",
              "questioning.questions_used", student_groups=(CLASS,), observer="Jordan Lee"),
        _note("observation", "Multilingual learners held the data sheets; in 2 of 5 groups they were "
              "asked to read the numbers but not to explain", "discourse.who_speaks",
              student_groups=(ML,), observer="Priya Shah"),
    ])
    b.hallway(v, [
        _note("hallway", "A student question changed next week's plan", mark="noticing"),
        _note("hallway", "We wonder who decides which student speaks for the group", mark="wondering",
              observer="Priya Shah"),
    ])
    v = b.visit("Room 14", _at(day, 10, 0), 12.0, [
        _note("observation", "Turn-and-talk about the narrator's choice; 8 of 10 pairs used the chart "
              "'I think... because on page...'", "talk.norms", "talk.evidence", student_groups=(CLASS,)),
        _note("observation", "Students with reading support had the same text with a glossary and "
              "audio; two of them shared with the class", "rigor.grade_level", "discourse.who_speaks",
              student_groups=(STRUGGLING, SWD), observer="Priya Shah"),
        _note("student_talk", "Student C: 'I like that we all read the same book now, I can talk about it "
              "with anybody.'", "engagement.belonging", student_label="Student C",
              student_groups=(STRUGGLING,), observer="Sam Ortiz"),
    ])
    b.hallway(v, [
        _note("hallway", "The same text for everyone, with audio and a glossary for some", mark="noticing"),
    ])
    b.respond("doing_saying_learning", "In three of four rooms most students talked with a partner about "
              "reasons; in one room the talk was mostly the teacher's short questions.")
    b.respond("who_speaks", "Multilingual learners spoke to the class where a frame and rehearsal time "
              "were given (2 rooms); elsewhere they held materials or read numbers aloud.",
              author="Priya Shah")
    b.respond("who_challenged", "In one room students with disabilities worked on a separate facts page "
              "while the class reasoned about decimals.")
    b.respond("central_question", "Students experience talk as something they do when the task invites "
              "reasons and a frame helps them start. We will spread both, and look at who is kept out of "
              "grade-level work.")
    b.next_step("Grade 4-5 PLC: plan one talk-rich task per week with a frame and partner rehearsal",
                "Sam Ortiz", day + dt.timedelta(days=14), "PLC")
    b.next_step("Coaching cycle on open questions for any teacher who asks for it", "Sam Ortiz",
                day + dt.timedelta(days=21), "coaching")
    b.next_step("Leaders review how paraprofessional time is used during core math", "Dana Reyes",
                day + dt.timedelta(days=10), "leaders")
    return [b, _ifl_video_walk(today)]


def _ifl_video_walk(today: dt.date) -> DemoBuilder:
    """One short teacher-submitted video, watched by two walkers: evidence carries its offset."""
    day = today - dt.timedelta(days=1)
    walk = Walk(
        id=demo_id("ifl-video", day), protocol_id="ifl_learning_walk", school=SCHOOL, date=day,
        focus="Student questioning",
        guiding_question="Where do student questions come from in a writing conference, and what happens to them?",
        focus_shaped_by="Grade 3 team, who chose to share videos this cycle",
        focus_categories=("questioning",), observers=IFL_TEAM[:2], mode="video", timing_variant="short",
        status="debriefing", created_at=_at(day, 14, 0), updated_at=_at(day, 14, 40),
    )
    b = DemoBuilder(walk)
    v = b.visit("Room 8", _at(day, 14, 5), 6.5, [
        _note("observation", "Student asks 'Can my reason be something that happened to me?'; teacher "
              "turns it back to the group", "questioning.student_questions", "questioning.questions_used",
              video_offset_seconds=74, student_groups=(CLASS,)),
        _note("observation", "Teacher asks 'Which of your reasons would convince someone who disagrees?' "
              "and waits about 8 seconds", "questioning.open_questions", "talk.press",
              video_offset_seconds=212),
        _note("task", "Opinion paragraph: pick a side on a longer recess and give two reasons",
              "rigor.core_concept", video_offset_seconds=15, observer="Sam Ortiz"),
    ])
    b.hallway(v, [
        _note("hallway", "We wonder how often student questions get turned back to the class",
              mark="wondering"),
    ])
    return b


def ilw_walks(today: dt.date) -> list[DemoBuilder]:
    """A Tier 2 literacy block in three rooms, being debriefed."""
    day = today - dt.timedelta(days=3)
    tier2 = Slice(kind="tier2_block", tier=2,
                  description="15-minute Tier 2 literacy block for students reading below grade level")
    walk = Walk(
        id=demo_id("ilw", day), protocol_id="ilw_tiered", school=SCHOOL, date=day,
        focus="Tier 2 literacy",
        guiding_question="In the Tier 2 block, do students who find reading hard still work on the "
                         "grade-level text and discussion, and which scaffolds keep it demanding?",
        slice=tier2, observers=ILW_TEAM, mode="in_person", status="debriefing",
        created_at=_at(day, 10, 30), updated_at=_at(day, 12, 0),
    )
    b = DemoBuilder(walk)
    b.visit("Room 14", _at(day, 10, 40), 14.0, [
        _note("instructions", "'Finish page 12, circle the words with the -ight pattern, then read them "
              "to me.'", "access.separate_pathway", student_groups=(STRUGGLING,)),
        _note("scaffold", "Phonics worksheet in place of the class's persuasive essay from shared texts",
              "access.separate_pathway", "challenge.taken_over", mark="removes_challenge",
              student_groups=(STRUGGLING,)),
        _note("student_talk", "Almost no talk; one student: 'Is this the right one?' teacher: 'Yes.'",
              student_groups=(STRUGGLING,)),
        _note("work_sample", "Worksheet page: 14 words circled correctly, no sentences written",
              student_groups=(STRUGGLING,)),
        _answer("Student A", "learning", "The -ight words.", STRUGGLING),
        _answer("Student A", "stuck", "I wait for her to come.", STRUGGLING),
        _answer("Student B", "learning", "I don't know, the page.", STRUGGLING),
        _answer("Student B", "help", "The teacher.", STRUGGLING),
    ])
    b.visit("Room 30", _at(day, 11, 0), 13.0, [
        _note("instructions", "'With your partner, look at the picture cards, then use a frame to say "
              "whether the author convinced you and which sentence did it.'", "access.same_task",
              student_groups=(STRUGGLING, ML)),
        _note("scaffold", "Picture cards for each paragraph of the grade-level article",
              "scaffolds.visual", "access.grade_text", mark="keeps_challenge", student_groups=(STRUGGLING,)),
        _note("scaffold", "Sentence frames: 'The author convinced me when... because...'",
              "scaffolds.frames", mark="keeps_challenge", student_groups=(ML,)),
        _note("scaffold", "Assigned roles in a short Socratic circle: questioner, evidence finder, summariser",
              "scaffolds.talk_structure", "talk.every_voice", mark="keeps_challenge"),
        _note("student_talk", "'I don't agree, the second part had no facts.' 'But it has the number "
              "of kids who got hurt, that's a fact.'", "talk.ideas", "challenge.students_reason",
              student_groups=(STRUGGLING,)),
        _note("work_sample", "Sticky notes marking the sentence each student found most convincing, "
              "5 of 6 with a reason", "clarity.success", student_groups=(STRUGGLING,)),
        _answer("Student C", "learning", "If the writer makes you believe them, and how.", STRUGGLING),
        _answer("Student C", "going_well", "When I can show the sentence that proves it.", STRUGGLING),
        _answer("Student D", "stuck", "I look at the frame or ask my partner.", ML),
        _answer("Student D", "help", "My partner, and the chart by the door.", ML),
    ])
    b.visit("Room 8", _at(day, 11, 20), 12.5, [
        _note("instructions", "'Today we are writing our reasons. Use the word bank if you need it.'",
              "access.same_task", student_groups=(STRUGGLING,)),
        _note("scaffold", "Word bank of opinion words beside the grade-level prompt", "scaffolds.frames",
              mark="keeps_challenge", student_groups=(STRUGGLING,)),
        _note("scaffold", "Teacher wrote the reason sentence and students copied it", "challenge.taken_over",
              mark="removes_challenge", student_groups=(STRUGGLING, SWD)),
        _note("student_talk", "'Can I use my own reason?' 'Copy this one first.'",
              "persistence.questions", student_groups=(STRUGGLING,)),
        _answer("Student E", "learning", "Writing why recess should be longer.", SWD),
        _answer("Student E", "going_well", "When the teacher says good.", SWD),
    ])
    b.respond("watered_down", "In two rooms part of the block replaced grade-level writing with copying "
              "or word work.")
    b.respond("bright_spots", "Room B's picture cards, frames and roles let every student in the group "
              "argue from the grade-level article.")
    b.next_step("Coaching conversations with the Tier 2 teachers using the snapshot table",
                "Sam Ortiz", day + dt.timedelta(days=7), "coaching")
    b.next_step("Leaders protect Tier 2 planning time so blocks can use the core text",
                "Dana Reyes", day + dt.timedelta(days=14), "leaders")
    return [b]
